package io.cilicensing.facts;

/** Capacity meter a CAPACITY_CHANGE request changes. (the request contract) */
public enum Meter { INTERACTED_PEOPLE, UNIFIED_PEOPLE }
