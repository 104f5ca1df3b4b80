package io.cilicensing.facts;

/** Channel of a raw interaction record. (the request contract) */
public enum InteractionChannel { EMAIL, SMS, PUSH, ACS, THIRD_PARTY, FORM, OTHER_INBOUND }
