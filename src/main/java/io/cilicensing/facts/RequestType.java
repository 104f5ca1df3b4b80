package io.cilicensing.facts;

/** Kind of question a tenant asks (the request contract), and the record that carries it. */
public enum RequestType {
    PURCHASE(Purchase.class), STANDALONE_RENEWAL(StandaloneRenewal.class), CAPACITY_CHANGE(CapacityChange.class),
    MIGRATION(Migration.class), DEPLOY(Deploy.class), SOLUTION_IMPORT(SolutionImport.class), UNINSTALL(Uninstall.class),
    LIFECYCLE(Lifecycle.class), DATA_TRANSFER(DataTransfer.class);

    private final Class<? extends Request> shape;

    RequestType(Class<? extends Request> shape) {
        this.shape = shape;
    }

    /** The record a request of this type is read into. */
    public Class<? extends Request> shape() {
        return shape;
    }

    static RequestType of(Class<?> shape) {
        for (RequestType t : values()) {
            if (t.shape == shape) {
                return t;
            }
        }
        throw new IllegalArgumentException("no request type for " + shape);
    }
}
