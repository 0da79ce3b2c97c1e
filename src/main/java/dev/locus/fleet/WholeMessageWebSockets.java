package dev.locus.fleet;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * An HTTP client factory that lets watch events larger than one WebSocket frame through. fabric8's
 * Vert.x client asks for one frame after each message; a server that splits a message into several
 * frames (fabric8's mock API server splits at 64 KiB) then never gets to send the rest, and the
 * watch stalls without a word. Here each request for "the next message" asks for up to {@link
 * #FRAMES_PER_MESSAGE} frames; the client still pauses after every whole message, so flow control
 * is kept.
 */
public final class WholeMessageWebSockets implements HttpClient.Factory {

    /** Frames one message may span: 64 x 64 KiB covers the API server's largest object. */
    static final int FRAMES_PER_MESSAGE = 64;

    private final HttpClient.Factory delegate;

    public WholeMessageWebSockets(HttpClient.Factory delegate) {
        this.delegate = delegate;
    }

    @Override
    public HttpClient.Builder newBuilder() {
        return new Builder(delegate.newBuilder());
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    private static final class Builder implements HttpClient.Builder {
        private final HttpClient.Builder b;

        Builder(HttpClient.Builder b) {
            this.b = b;
        }

        @Override
        public HttpClient build() {
            return new Client(b.build());
        }

        @Override
        public Builder connectTimeout(long t, TimeUnit unit) {
            b.connectTimeout(t, unit);
            return this;
        }

        @Override
        public Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
            b.addOrReplaceInterceptor(name, interceptor);
            return this;
        }

        @Override
        public Builder authenticatorNone() {
            b.authenticatorNone();
            return this;
        }

        @Override
        public Builder tag(Object value) {
            b.tag(value);
            return this;
        }

        @Override
        public Builder sslContext(KeyManager[] keys, TrustManager[] trust) {
            b.sslContext(keys, trust);
            return this;
        }

        @Override
        public Builder followAllRedirects() {
            b.followAllRedirects();
            return this;
        }

        @Override
        public Builder proxyAddress(InetSocketAddress address) {
            b.proxyAddress(address);
            return this;
        }

        @Override
        public Builder proxyAuthorization(String credentials) {
            b.proxyAuthorization(credentials);
            return this;
        }

        @Override
        public Builder tlsVersions(TlsVersion... versions) {
            b.tlsVersions(versions);
            return this;
        }

        @Override
        public Builder preferHttp11() {
            b.preferHttp11();
            return this;
        }

        @Override
        public Builder proxyType(HttpClient.ProxyType type) {
            b.proxyType(type);
            return this;
        }
    }

    private record Client(HttpClient c) implements HttpClient {
        @Override
        public void close() {
            c.close();
        }

        @Override
        public DerivedClientBuilder newBuilder() {
            DerivedClientBuilder derived = c.newBuilder();
            return new DerivedClientBuilder() {
                @Override
                public HttpClient build() {
                    return new Client(derived.build());
                }

                @Override
                public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor i) {
                    derived.addOrReplaceInterceptor(name, i);
                    return this;
                }

                @Override
                public DerivedClientBuilder authenticatorNone() {
                    derived.authenticatorNone();
                    return this;
                }

                @Override
                public DerivedClientBuilder tag(Object value) {
                    derived.tag(value);
                    return this;
                }
            };
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request, Class<T> type) {
            return c.sendAsync(request, type);
        }

        @Override
        public CompletableFuture<HttpResponse<io.fabric8.kubernetes.client.http.AsyncBody>>
                consumeBytes(
                        HttpRequest request,
                        io.fabric8.kubernetes.client.http.AsyncBody.Consumer<List<ByteBuffer>>
                                consumer) {
            return c.consumeBytes(request, consumer);
        }

        @Override
        public WebSocket.Builder newWebSocketBuilder() {
            return new SocketBuilder(c.newWebSocketBuilder());
        }

        @Override
        public HttpRequest.Builder newHttpRequestBuilder() {
            return c.newHttpRequestBuilder();
        }

        @Override
        public boolean isClosed() {
            return c.isClosed();
        }
    }

    private record SocketBuilder(WebSocket.Builder b) implements WebSocket.Builder {
        @Override
        public CompletableFuture<WebSocket> buildAsync(WebSocket.Listener listener) {
            return b.buildAsync(new WholeMessages(listener)).thenApply(Socket::new);
        }

        @Override
        public WebSocket.Builder subprotocol(String protocol) {
            return new SocketBuilder(b.subprotocol(protocol));
        }

        @Override
        public WebSocket.Builder header(String name, String value) {
            return new SocketBuilder(b.header(name, value));
        }

        @Override
        public WebSocket.Builder setHeader(String k, String v) {
            return new SocketBuilder(b.setHeader(k, v));
        }

        @Override
        public WebSocket.Builder uri(URI uri) {
            return new SocketBuilder(b.uri(uri));
        }

        @Override
        public WebSocket.Builder connectTimeout(long timeout, TimeUnit unit) {
            return new SocketBuilder(b.connectTimeout(timeout, unit));
        }
    }

    /** A socket whose "next message, please" asks for enough frames to complete one. */
    private record Socket(WebSocket s) implements WebSocket {
        @Override
        public boolean send(ByteBuffer buffer) {
            return s.send(buffer);
        }

        @Override
        public boolean sendClose(int code, String reason) {
            return s.sendClose(code, reason);
        }

        @Override
        public long queueSize() {
            return s.queueSize();
        }

        @Override
        public void request() {
            for (int i = 0; i < FRAMES_PER_MESSAGE; i++) {
                s.request();
            }
        }
    }

    /** Hands the listener the socket above instead of the client's own. */
    private record WholeMessages(WebSocket.Listener l) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            l.onOpen(new Socket(webSocket));
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            l.onMessage(new Socket(webSocket), text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
            l.onMessage(new Socket(webSocket), bytes);
        }

        @Override
        public void onClose(WebSocket webSocket, int code, String reason) {
            l.onClose(new Socket(webSocket), code, reason);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            l.onError(new Socket(webSocket), error);
        }
    }
}
