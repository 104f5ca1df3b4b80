package io.cilicensing.facts;

/** Environment lifecycle operation. (the request contract) */
public enum LifecycleOperation { COPY, BACKUP, RESTORE }
