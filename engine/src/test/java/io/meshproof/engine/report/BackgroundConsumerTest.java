package io.meshproof.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundConsumerTest {
    @Test
    void handsOnEveryValueInOrder_byTheTimeItIsClosed() {
        List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        int values = BackgroundConsumer.BATCH_SIZE * BackgroundConsumer.QUEUED_BATCHES * 3 + 7;

        try (BackgroundConsumer<Integer> handOff = new BackgroundConsumer<>("test-writer", value -> {
            taken.add(value);
            threads.add(Thread.currentThread().getName());
        })) {
            for (int i = 0; i < values; i++) {
                handOff.accept(i);
            }
        }

        assertThat(taken).hasSize(values);
        for (int i = 0; i < values; i++) {
            assertThat(taken.get(i)).isEqualTo(i);
        }
        assertThat(threads).containsOnly("test-writer");
    }

    @Test
    void rethrowsTheConsumersFailure_andDropsLaterValues() {
        AtomicInteger taken = new AtomicInteger();
        UncheckedIOException diskFull = new UncheckedIOException(new IOException("No space left on device"));
        BackgroundConsumer<Integer> handOff = new BackgroundConsumer<>("test-writer", value -> {
            if (value == 10) {
                throw diskFull;
            }
            taken.incrementAndGet();
        });

        for (int i = 0; i < BackgroundConsumer.BATCH_SIZE; i++) {
            handOff.accept(i);
        }
        assertThatThrownBy(handOff::close).isSameAs(diskFull);
        assertThat(taken.get()).isEqualTo(10);
    }

    @Test
    void producerLearnsOfTheFailure_atALaterAccept() {
        IllegalStateException broken = new IllegalStateException("writer broke");
        BackgroundConsumer<Integer> handOff = new BackgroundConsumer<>("test-writer", value -> {
            throw broken;
        });

        // the producer never blocks on a consumer that failed: it fills the queue many times over
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                handOff.accept(i);
            }
        }).isSameAs(broken);
        assertThatThrownBy(handOff::close).isSameAs(broken);
    }

    @Test
    void closingTwice_doesNothingTheSecondTime() {
        List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
        BackgroundConsumer<Integer> handOff = new BackgroundConsumer<>("test-writer", taken::add);
        handOff.accept(1);

        handOff.close();
        handOff.close();

        assertThat(taken).containsExactly(1);
        assertThatThrownBy(() -> handOff.accept(2)).isInstanceOf(IllegalStateException.class).hasMessage("closed");
    }
}
