package dev.locus.hub;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on hub objects (what {@code kubectl describe} shows). The same event
 * for the same object is not repeated within ten minutes, so a workload that stays Unschedulable
 * does not flood the event stream.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final Duration QUIET = Duration.ofMinutes(10);
    public static final String COMPONENT = "locus-operator";

    private final KubernetesClient hub;
    private final Clock clock;
    private final String fallbackNamespace;
    private final Map<String, Instant> recent = new ConcurrentHashMap<>();

    public EventRecorder(KubernetesClient hub, Clock clock, String fallbackNamespace) {
        this.hub = hub;
        this.clock = clock;
        this.fallbackNamespace = fallbackNamespace;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    private void record(HasMetadata object, String type, String reason, String message) {
        Instant now = clock.instant();
        String key = object.getMetadata().getUid() + "|" + reason + "|" + message;
        Instant last = recent.get(key);
        if (last != null && last.plus(QUIET).isAfter(now)) {
            return;
        }
        recent.put(key, now);
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().plus(QUIET).isBefore(now));
        }
        String namespace =
                object.getMetadata().getNamespace() == null
                        ? fallbackNamespace
                        : object.getMetadata().getNamespace();
        String text = message.length() > 1000 ? message.substring(0, 997) + "..." : message;
        try {
            hub.v1()
                    .events()
                    .inNamespace(namespace)
                    .resource(
                            new EventBuilder()
                                    .withNewMetadata()
                                    .withName(
                                            object.getMetadata().getName()
                                                    + "."
                                                    + UUID.randomUUID().toString().substring(0, 8))
                                    .withNamespace(namespace)
                                    .endMetadata()
                                    .withType(type)
                                    .withReason(reason)
                                    .withMessage(text)
                                    .withNewInvolvedObject()
                                    .withApiVersion(object.getApiVersion())
                                    .withKind(object.getKind())
                                    .withName(object.getMetadata().getName())
                                    .withNamespace(object.getMetadata().getNamespace())
                                    .withUid(object.getMetadata().getUid())
                                    .withResourceVersion(object.getMetadata().getResourceVersion())
                                    .endInvolvedObject()
                                    .withNewSource(COMPONENT, null)
                                    .withReportingComponent(COMPONENT)
                                    .withReportingInstance(COMPONENT)
                                    .withAction(reason)
                                    .withFirstTimestamp(
                                            now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                                    .toString())
                                    .withLastTimestamp(
                                            now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                                    .toString())
                                    .withEventTime(
                                            // MicroTime: exactly six fractional digits.
                                            new MicroTime(
                                                    java.time.format.DateTimeFormatter.ofPattern(
                                                                    "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
                                                            .withZone(java.time.ZoneOffset.UTC)
                                                            .format(now)))
                                    .withCount(1)
                                    .build())
                    .create();
        } catch (KubernetesClientException e) {
            // Events are best effort: never let one fail a reconcile.
            LOG.debugf(
                    "Could not record event %s on %s: %s",
                    reason, object.getMetadata().getName(), e.getMessage());
        }
    }
}
