package io.cilicensing.facts;

/** Capacity meter a CAPACITY_CHANGE request changes. (CONTRACT.md) */
public enum Meter { INTERACTED_PEOPLE, UNIFIED_PEOPLE }
