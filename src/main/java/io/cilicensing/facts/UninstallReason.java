package io.cilicensing.facts;

/** Why an UNINSTALL is asked for. (CONTRACT.md) */
public enum UninstallReason { LICENSE_CHANGE, DECOMMISSION, OTHER }
