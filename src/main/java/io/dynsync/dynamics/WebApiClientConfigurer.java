package io.dynsync.dynamics;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Configures the HTTP client of the Web API endpoint only (not the host's http component): Apache
 * HttpClient's own retries of 429 and 503 are switched off, so that every retry is the routes'
 * redelivery policy, in one place, counted and logged.
 */
public class WebApiClientConfigurer implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
