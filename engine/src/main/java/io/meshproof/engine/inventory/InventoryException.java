package io.meshproof.engine.inventory;

/**
 * An inventory file could not be used. The message names the file and, where the fault has a place in
 * it, the line and column counted from 1: {@code pods.json:3:7: expected ..., found ...}.
 */
public final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
