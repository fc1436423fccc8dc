package io.meshproof.engine.flow;

/** Which way bytes travel within a flow, relative to its client and server. */
public enum Direction {
    TO_SERVER,
    TO_CLIENT;

    public Direction reverse() {
        return this == TO_SERVER ? TO_CLIENT : TO_SERVER;
    }
}
