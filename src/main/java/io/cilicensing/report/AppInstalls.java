package io.cilicensing.report;

/** How many installs of an app the tenant may make (the contract: entitlements.appInstalls, OUT-05). */
public enum AppInstalls { UNLIMITED, PRIOR_CONSTRAINTS, NOT_ENTITLED, NONE }
