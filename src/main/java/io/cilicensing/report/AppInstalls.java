package io.cilicensing.report;

/** How many installs of an app the tenant may make (CONTRACT.md > entitlements.appInstalls, RULES.md OUT-05). */
public enum AppInstalls { UNLIMITED, PRIOR_CONSTRAINTS, NOT_ENTITLED, NONE }
