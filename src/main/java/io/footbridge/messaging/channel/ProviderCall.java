package io.footbridge.messaging.channel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.function.Function;

/**
 * One call to a provider's HTTP API and what its failure means for the message: not reached is safe to try again,
 * while a call that broke or timed out after it was sent may have delivered, so it is unknown, never retried.
 */
public final class ProviderCall {

    private ProviderCall() {
    }

    /**
     * @param provider the provider's name, for the reason ("Twilio")
     * @param what     what was sent, for the reason ("the SMS")
     */
    public static Delivery send(HttpClient http, HttpRequest request, String provider, String what,
                                Function<HttpResponse<String>, Delivery> classify) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return new Delivery.Retry(provider + " could not be reached in time", null);
        } catch (HttpTimeoutException e) {
            return new Delivery.Unknown(provider + " did not answer in time; " + what + " may have been sent");
        } catch (ConnectException e) {
            return new Delivery.Retry(provider + " could not be reached: " + e.getClass().getSimpleName(), null);
        } catch (IOException e) {
            return new Delivery.Unknown("the connection to " + provider + " broke (" + e.getClass().getSimpleName()
                    + "); " + what + " may have been sent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Retry("interrupted while sending", null);
        }
        return classify.apply(response);
    }
}
