package io.cilicensing.facts;

/** Environment lifecycle operation. (CONTRACT.md) */
public enum LifecycleOperation { COPY, BACKUP, RESTORE }
