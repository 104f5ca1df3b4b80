package io.cilicensing.facts;

/** How a DATA_TRANSFER moves data. (CONTRACT.md) */
public enum TransferMethod { LIFECYCLE, IMPORT_EXPORT }
