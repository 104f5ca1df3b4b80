package io.cilicensing.facts;

/** Why an UNINSTALL is asked for. (the request contract) */
public enum UninstallReason { LICENSE_CHANGE, DECOMMISSION, OTHER }
