package io.cilicensing.facts;

/** Purchase channel of a license or add-on. (the request contract) */
public enum Channel { WEB_DIRECT, EA, CSP, RESELLER, PARTNER, IUR }
