package io.cilicensing.facts;

/** How a DATA_TRANSFER moves data. (the request contract) */
public enum TransferMethod { LIFECYCLE, IMPORT_EXPORT }
