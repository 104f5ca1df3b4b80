package io.cilicensing.facts;

/** Kind of Dataverse environment. (the request contract) */
public enum EnvironmentType { PRODUCTION, SANDBOX, DEVELOPER, TRIAL }
