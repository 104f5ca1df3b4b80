package io.cilicensing.facts;

/** Kind of question a tenant asks. (CONTRACT.md) */
public enum RequestType { PURCHASE, STANDALONE_RENEWAL, CAPACITY_CHANGE, MIGRATION, DEPLOY, SOLUTION_IMPORT, UNINSTALL, LIFECYCLE, DATA_TRANSFER }
