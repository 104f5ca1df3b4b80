package io.cilicensing.facts;

/** Tier of an INTERACTED_PEOPLE add-on. (the request contract) */
public enum Tier { T1, T2, T3 }
