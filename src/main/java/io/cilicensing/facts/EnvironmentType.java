package io.cilicensing.facts;

/** Kind of Dataverse environment. (CONTRACT.md) */
public enum EnvironmentType { PRODUCTION, SANDBOX, DEVELOPER, TRIAL }
