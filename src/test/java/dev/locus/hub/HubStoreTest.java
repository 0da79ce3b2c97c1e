package dev.locus.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store an informer fills: keys as the informer computes them, every change announced. */
class HubStoreTest {

    static TrainingJob job(String namespace, String name, String resourceVersion) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(
                new ObjectMetaBuilder()
                        .withNamespace(namespace)
                        .withName(name)
                        .withResourceVersion(resourceVersion)
                        .build());
        return job;
    }

    @Test
    void theStoreKeepsNeitherManagedFieldsNorKubectlsLastAppliedCopy() {
        HubStore<TrainingJob> store = new HubStore<>("TrainingJob");
        TrainingJob job = job("ml", "llm", "1");
        job.getMetadata()
                .setManagedFields(
                        List.of(
                                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                                        .withManager("kubectl")
                                        .withOperation("Update")
                                        .build()));
        job.getMetadata()
                .setAnnotations(
                        java.util.Map.of(HubStore.LAST_APPLIED, "{\"spec\":{}}", "team", "vision"));
        store.add(job);
        TrainingJob held = store.named("ml", "llm").orElseThrow();
        assertThat(held.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(held.getMetadata().getAnnotations()).containsOnlyKeys("team");
    }

    @Test
    void listenersHearAddsUpdatesAndDeletesWithTheStateBefore() {
        HubStore<TrainingJob> store = new HubStore<>("TrainingJob");
        List<String> heard = new ArrayList<>();
        store.onChange(
                (before, after) ->
                        heard.add(
                                (before == null ? "-" : before.getMetadata().getResourceVersion())
                                        + ">"
                                        + (after == null
                                                ? "-"
                                                : after.getMetadata().getResourceVersion())));
        TrainingJob v1 = job("ml", "llm", "1");
        store.put(store.getKey(v1), v1);
        store.put(store.getKey(v1), job("ml", "llm", "2"));
        store.remove("ml/llm");
        store.remove("ml/llm"); // gone already: nothing to announce

        assertThat(heard).containsExactly("->1", "1>2", "2>-");
        assertThat(store.getKey(v1)).isEqualTo("ml/llm");
        assertThat(store.size()).isZero();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthersNorTheInformer() {
        HubStore<TrainingJob> store = new HubStore<>("TrainingJob");
        List<String> heard = new ArrayList<>();
        store.onChange(
                (before, after) -> {
                    throw new IllegalStateException("a bug");
                });
        store.onChange((before, after) -> heard.add(after.getMetadata().getName()));

        store.add(job("ml", "a", "1"));

        assertThat(heard).containsExactly("a");
        assertThat(store.named("ml", "a")).isPresent();
    }

    @Test
    void syncedOnlyWhenTheInformerSaysSo() {
        HubCache cache = new HubCache();
        assertThat(cache.isSynced()).isFalse();
        cache.markSynced();
        assertThat(cache.isSynced()).isTrue();
    }

    @Test
    void aKindWhoseInformerStoppedWatchingIsNamed() {
        HubCache cache = new HubCache();
        cache.markSynced();
        assertThat(cache.notWatching()).isEmpty();
        cache.trainingJobs().watchingWhen(() -> false);
        assertThat(cache.notWatching()).containsExactly("TrainingJob");
    }
}
