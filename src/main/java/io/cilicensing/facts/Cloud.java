package io.cilicensing.facts;

/** Cloud a tenant lives in. (the request contract) */
public enum Cloud { COMMERCIAL, US_GCC, US_GCC_HIGH, US_DOD, OTHER_SOVEREIGN }
