package dev.locus.hub;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The objects of one hub kind, as the one informer of that kind holds them. JOSDK's controller for
 * the kind is configured to keep its informer's items here, so the reconcilers, the scheduler and
 * the status code all read the same cache, and listeners hear of every change (deletions included)
 * as the informer applies it.
 */
public final class HubStore<T extends HasMetadata> implements ItemStore<T> {

    private static final Logger LOG = Logger.getLogger(HubStore.class);

    /**
     * Hears of a change: {@code before} is null for a new object, {@code after} for a deleted one.
     */
    @FunctionalInterface
    public interface Listener<T> {
        void changed(T before, T after);
    }

    private final String kind;
    private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
    private final List<Listener<T>> listeners = new CopyOnWriteArrayList<>();
    private volatile BooleanSupplier synced = () -> false;
    private volatile BooleanSupplier watching = () -> true;

    public HubStore(String kind) {
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    /** Adds a listener; it runs on the informer's thread, so it must be quick. */
    public void onChange(Listener<T> listener) {
        listeners.add(listener);
    }

    /** Tells the store how to know that its informer has listed the kind once. */
    public void syncedWhen(BooleanSupplier condition) {
        this.synced = condition;
    }

    /** Tells the store how to know that its informer is still watching. */
    public void watchingWhen(BooleanSupplier condition) {
        this.watching = condition;
    }

    /** False when the informer filling this store stopped watching (it no longer sees changes). */
    public boolean isWatching() {
        return watching.getAsBoolean();
    }

    /** True once the informer filling this store has listed its kind. */
    public boolean isSynced() {
        return synced.getAsBoolean();
    }

    /** Every object, as last seen. */
    public List<T> list() {
        return List.copyOf(items.values());
    }

    /** A cluster-scoped object by name. */
    public Optional<T> named(String name) {
        return Optional.ofNullable(items.get(name));
    }

    /** A namespaced object by namespace and name. */
    public Optional<T> named(String namespace, String name) {
        return Optional.ofNullable(items.get(namespace + "/" + name));
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        slim(object);
        T before = items.put(key, object);
        fire(before, object);
        return before;
    }

    @Override
    public T remove(String key) {
        T before = items.remove(key);
        if (before != null) {
            fire(before, null);
        }
        return before;
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    /**
     * The object as this store holds it, else the one given. JOSDK hands reconcilers a copy made by
     * serializing and reading again, which loses what could not be read the first time (see {@code
     * LenientReader}): ask the store whether an object is valid, not the copy.
     */
    public T current(T object) {
        T held = items.get(getKey(object));
        return held == null ? object : held;
    }

    /** Puts an object as an informer would: for tests and tools that fill a store by hand. */
    public void add(T object) {
        put(getKey(object), object);
    }

    /** The annotation kubectl apply keeps the whole applied object in. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /**
     * Drops what nothing in the operator reads and each cost about the size of the object again:
     * managedFields and kubectl's last-applied copy. Writes never send them back: a status write
     * changes no metadata, and an update without managedFields keeps the server's.
     */
    static void slim(HasMetadata object) {
        var metadata = object.getMetadata();
        if (metadata == null) {
            return;
        }
        metadata.setManagedFields(null);
        var annotations = metadata.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            var kept = new java.util.LinkedHashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            metadata.setAnnotations(kept);
        }
    }

    private void fire(T before, T after) {
        for (Listener<T> listener : listeners) {
            try {
                listener.changed(before, after);
            } catch (RuntimeException e) {
                // A listener's bug must not stop the informer that feeds everyone else.
                LOG.errorf(e, "A listener of %s changes failed", kind);
            }
        }
    }
}
