package io.dynsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class WebApiGateTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_429_closes_the_gate_for_its_retry_after_and_other_failures_do_not() throws Exception {
        MovableClock clock = new MovableClock();
        WebApiGate gate = new WebApiGate(clock);
        CamelContext camel = new DefaultCamelContext();
        assertThat(gate.millisToWait()).isZero();

        gate.process(failed(camel, 503, Map.of("Retry-After", "30")));
        assertThat(gate.millisToWait()).as("only throttling closes the gate").isZero();

        gate.process(failed(camel, 429, Map.of("Retry-After", "7")));
        assertThat(gate.millisToWait()).isEqualTo(7000);
        gate.process(failed(camel, 429, Map.of("retry-after", "2")));
        assertThat(gate.millisToWait()).as("a shorter Retry-After does not reopen it early").isEqualTo(7000);

        clock.now = clock.now.plus(Duration.ofSeconds(7));
        assertThat(gate.millisToWait()).isZero();
    }

    private static Exchange failed(CamelContext camel, int status, Map<String, String> headers) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new HttpOperationFailedException("http://dynamics", status, "status", null, headers, ""));
        return exchange;
    }
}
