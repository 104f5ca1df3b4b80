package io.cilicensing.facts;

/** Channel of a raw interaction record. (CONTRACT.md) */
public enum InteractionChannel { EMAIL, SMS, PUSH, ACS, THIRD_PARTY, FORM, OTHER_INBOUND }
