package dev.jbuild.core.registry;

import dev.jbuild.cache.blob.BlobNotFoundException;
import dev.jbuild.cache.blob.BlobStore;
import dev.jbuild.cache.blob.BlobStoreException;
import dev.jbuild.cache.blob.DigestMismatchException;
import dev.jbuild.cache.blob.StoredBlob;
import dev.jbuild.cache.digest.Digest;
import dev.jbuild.cache.digest.DigestAlgorithm;
import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.DockerManifest;
import dev.jbuild.core.image.DockerManifestList;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageIndex;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageJsonException;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.image.ManifestDocument;
import dev.jbuild.core.image.MediaType;
import dev.jbuild.core.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A client of the OCI distribution API over {@link HttpClient}: manifests, blobs and uploads
 * on any registry, with Docker's authentication, and whole-image {@link #pull} into and
 * {@link #push} from a {@link BlobStore}. Everything downloaded is verified against its
 * digest before it is kept; transient failures are retried with backoff; blobs move a few
 * at a time. Thread-safe; one client should serve a whole build, so tokens are reused.
 *
 * <p>Limits against a hostile registry: manifests above {@value #MAX_MANIFEST_BYTES} and
 * configs above {@value #MAX_CONFIG_BYTES} bytes are refused unread; no blob is read past its
 * descriptor's size; every body is read under {@link TransferLimits} (idle timeout and total
 * deadline); a registry's login goes only to token realms the registry's host or domain owns,
 * or to hosts named in {@code JBUILD_AUTH_HOSTS} (comma-separated) or {@link Builder#trustAuthHost};
 * and never from HTTPS down to HTTP, nor with a redirect to another host.
 */
public final class RegistryClient {

    public static final long DEFAULT_CHUNKED_THRESHOLD = 64L << 20;
    public static final long DEFAULT_CHUNK_SIZE = 16L << 20;
    public static final int DEFAULT_PARALLEL_TRANSFERS = 3;

    /** The distribution spec's suggested ceiling for manifests; larger answers are refused unread. */
    static final int MAX_MANIFEST_BYTES = 4 << 20;
    /**
     * The largest image config accepted: twice the 4 MiB of containers/image (podman, skopeo), so
     * anything those pull, we pull; a config is parsed in memory, so it needs a cap as manifests do.
     */
    static final int MAX_CONFIG_BYTES = 8 << 20;
    static final String MANIFEST_ACCEPT = String.join(", ", MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final RegistryTransport transport;
    private final RetryPolicy retry;
    private final ParallelTransfers transfers;
    private final long chunkedThreshold;
    private final long chunkSize;

    private RegistryClient(Builder builder) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                // Redirects are followed by hand, so credentials never follow a blob to another host.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        DockerConfig config = builder.dockerConfig != null ? builder.dockerConfig : DockerConfig.loadDefault();
        this.retry = builder.retryPolicy;
        this.transport = new RegistryTransport(http, retry, builder.transferLimits, config, builder.insecureRegistries,
                TokenRealmPolicy.fromEnvironment(builder.authHosts));
        this.transfers = new ParallelTransfers(builder.parallelTransfers);
        this.chunkedThreshold = builder.chunkedThreshold;
        this.chunkSize = builder.chunkSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a {@link RegistryClient}; every one has a sensible default. */
    public static final class Builder {
        private DockerConfig dockerConfig;
        private final Set<String> insecureRegistries = new LinkedHashSet<>();
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private int parallelTransfers = DEFAULT_PARALLEL_TRANSFERS;
        private long chunkedThreshold = DEFAULT_CHUNKED_THRESHOLD;
        private long chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private TransferLimits transferLimits = TransferLimits.fromSystemProperties();
        private final Set<String> authHosts = new LinkedHashSet<>();

        private Builder() {
        }

        /** Where logins come from; by default {@link DockerConfig#loadDefault()}. */
        public Builder dockerConfig(DockerConfig config) {
            this.dockerConfig = Objects.requireNonNull(config, "dockerConfig");
            return this;
        }

        /** A registry (as named in references, e.g. {@code registry.lan:5000}) to reach over plain HTTP. */
        public Builder insecureRegistry(String registry) {
            insecureRegistries.add(Objects.requireNonNull(registry, "registry"));
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** How many blobs move at once during a pull or push. */
        public Builder parallelTransfers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("parallel transfers must be at least 1, got " + count);
            }
            this.parallelTransfers = count;
            return this;
        }

        /** Blobs of at least {@code threshold} bytes are uploaded in chunks of {@code chunkSize}. */
        public Builder chunkedUpload(long threshold, long chunkSize) {
            if (threshold < 1 || chunkSize < 1) {
                throw new IllegalArgumentException("chunked upload threshold and chunk size must be positive, got "
                        + threshold + " and " + chunkSize);
            }
            this.chunkedThreshold = threshold;
            this.chunkSize = chunkSize;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** How long response bodies may stall or take; by default {@link TransferLimits#fromSystemProperties()}. */
        public Builder transferLimits(TransferLimits limits) {
            this.transferLimits = Objects.requireNonNull(limits, "transferLimits");
            return this;
        }

        /**
         * A host (name or address, no port) that may receive every registry's login as its token
         * realm, besides those named in {@code JBUILD_AUTH_HOSTS}; for a token service outside the
         * registry's domain.
         */
        public Builder trustAuthHost(String host) {
            authHosts.add(Objects.requireNonNull(host, "host"));
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }

    // ---- single API calls ----

    /** Checks that the registry speaks the v2 API and accepts our authentication ({@code GET /v2/}). */
    public void ping(String registry) {
        retrying(registry, () -> {
            RegistryEndpoint endpoint = transport.endpoint(registry);
            RetryingSender.discard(transport.exchange(new RegistryTransport.Call(registry, registry, "GET",
                    endpoint.uri("/v2/"), Map.of(), null, List.of(), Set.of(200), REQUEST_TIMEOUT)));
            return null;
        });
    }

    /** The manifest or index the reference names, verified against the reference's digest if it has one. */
    public FetchedManifest fetchManifest(ImageReference reference) {
        return retrying(reference.toString(), () -> fetchManifestOnce(reference));
    }

    private FetchedManifest fetchManifestOnce(ImageReference reference) {
        String subject = reference.toString();
        URI uri = apiUri(reference, "/manifests/" + reference.manifestReference());
        HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, reference.registry(),
                "GET", uri, Map.of("Accept", MANIFEST_ACCEPT), null, pullScope(reference), Set.of(200), REQUEST_TIMEOUT,
                MAX_MANIFEST_BYTES));
        refuseAnnouncedSize(subject, uri, response, MAX_MANIFEST_BYTES, "manifest");
        byte[] content;
        try (InputStream body = response.body()) {
            content = body.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (IOException e) {
            throw RegistryException.transport(subject, "GET", uri, e);
        }
        if (content.length > MAX_MANIFEST_BYTES) {
            throw RegistryException.content(subject, "GET", uri, "manifest is larger than " + MAX_MANIFEST_BYTES
                    + " bytes; refusing it", null);
        }
        Digest digest = verifiedDigest(subject, "GET", uri, content, reference.digest().orElse(null),
                response.headers().firstValue("Docker-Content-Digest").orElse(null));
        String announced = response.headers().firstValue("Content-Type").map(RegistryClient::bareMediaType).orElse(null);
        ManifestDocument document;
        try {
            document = ImageJson.readManifest(content, announced);
        } catch (ImageJsonException e) {
            throw RegistryException.content(subject, "GET", uri, e.getMessage(), e);
        }
        Descriptor descriptor = Descriptor.of(document.declaredMediaType(), digest, content.length);
        return new FetchedManifest(reference, descriptor, document, content);
    }

    /** The descriptor of the manifest the reference names, without downloading it ({@code HEAD}); empty if there is none. */
    public Optional<Descriptor> headManifest(ImageReference reference) {
        String subject = reference.toString();
        return retrying(subject, () -> {
            URI uri = apiUri(reference, "/manifests/" + reference.manifestReference());
            HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject,
                    reference.registry(), "HEAD", uri, Map.of("Accept", MANIFEST_ACCEPT), null, pullScope(reference),
                    Set.of(200, 404), REQUEST_TIMEOUT));
            RetryingSender.discard(response);
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            String digest = response.headers().firstValue("Docker-Content-Digest").orElseThrow(() ->
                    RegistryException.content(subject, "HEAD", uri, "the registry sent no Docker-Content-Digest", null));
            String mediaType = response.headers().firstValue("Content-Type").map(RegistryClient::bareMediaType)
                    .orElse(MediaType.OCI_MANIFEST);
            long size = response.headers().firstValueAsLong("Content-Length").orElse(0);
            try {
                return Optional.of(Descriptor.of(mediaType, Digest.parse(digest), size));
            } catch (IllegalArgumentException e) {
                throw RegistryException.content(subject, "HEAD", uri, "bad Docker-Content-Digest: " + e.getMessage(), e);
            }
        });
    }

    /** True if the repository has this blob ({@code HEAD /v2/<name>/blobs/<digest>}). */
    public boolean blobExists(ImageReference repository, Digest digest) {
        return blobExists(repository, digest, pullScope(repository));
    }

    private boolean blobExists(ImageReference repository, Digest digest, List<String> scopes) {
        String subject = repository.toString();
        return retrying(subject, () -> {
            HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject,
                    repository.registry(), "HEAD", apiUri(repository, "/blobs/" + digest), Map.of(), null, scopes,
                    Set.of(200, 404), REQUEST_TIMEOUT));
            RetryingSender.discard(response);
            return response.statusCode() == 200;
        });
    }

    /**
     * Downloads a blob into the store, streaming, and keeps it only if it hashes to the
     * descriptor's digest; a blob already in the store is not downloaded again.
     */
    public StoredBlob fetchBlob(ImageReference repository, Descriptor blob, BlobStore store) {
        Digest digest = blob.digest();
        if (store.contains(digest)) {
            return new StoredBlob(digest, store.size(digest));
        }
        String subject = repository.toString();
        return retrying(subject, () -> {
            URI uri = apiUri(repository, "/blobs/" + digest);
            HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject,
                    repository.registry(), "GET", uri, Map.of(), null, pullScope(repository), Set.of(200),
                    REQUEST_TIMEOUT, blob.size()));
            URI served = response.request().uri();
            refuseAnnouncedSize(subject, served, response, blob.size(), "blob " + digest);
            try (DownloadStream body = new DownloadStream(response.body(), blob.size())) {
                return store.write(body, digest);
            } catch (DigestMismatchException e) {
                throw RegistryException.content(subject, "GET", served, "blob " + digest + " is corrupt: "
                        + e.getMessage(), e);
            } catch (BlobStoreException e) {
                if (e.getCause() instanceof DownloadStream.Oversized oversized) {
                    throw RegistryException.content(subject, "GET", served, "blob " + digest + ": "
                            + oversized.getMessage() + "; it was not stored", e);
                }
                if (e.getCause() instanceof DownloadStream.NetworkFailure failure) {
                    Throwable why = failure.getCause() instanceof TimedBody.Stalled stalled ? stalled : failure;
                    throw RegistryException.transport(subject, "GET", served, why);
                }
                throw RegistryException.of(subject, "could not store blob " + digest + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Asks the registry to link a blob from another repository on it into {@code target}
     * instead of uploading it; true if it did. The upload session a refused mount opens is cancelled.
     */
    public boolean mountBlob(ImageReference target, Digest digest, String fromRepository) {
        Optional<URI> session = retrying(target.toString(), () -> mountOrStartUpload(target, digest, fromRepository,
                pushScope(target, List.of(fromRepository))));
        session.ifPresent(location -> cancelUpload(target, location));
        return session.isEmpty();
    }

    /**
     * Makes sure the target repository has the blob: nothing to do if it exists, else a
     * mount from one of {@code mountFrom} (repositories on the same registry), else an upload
     * from the store — in one PUT or, for large blobs, in chunks.
     */
    public BlobPushOutcome pushBlob(ImageReference target, Descriptor blob, BlobStore store, Collection<String> mountFrom) {
        Digest digest = blob.digest();
        String subject = target.toString();
        long size;
        try {
            size = store.size(digest);
        } catch (BlobNotFoundException e) {
            throw RegistryException.of(subject, "cannot push blob " + digest + ": " + e.getMessage(), e);
        }
        if (size != blob.size()) {
            throw RegistryException.of(subject, "cannot push blob " + digest + ": the store has " + size
                    + " bytes but the descriptor says " + blob.size(), null);
        }
        List<String> sources = mountFrom.stream().filter(r -> !r.equals(target.repository())).distinct().toList();
        return retrying(subject, () -> {
            List<String> scopes = pushScope(target, sources);
            if (blobExists(target, digest, scopes)) {
                return BlobPushOutcome.EXISTED;
            }
            URI location = null;
            for (String source : sources) {
                Optional<URI> session = mountOrStartUpload(target, digest, source, scopes);
                if (session.isEmpty()) {
                    return BlobPushOutcome.MOUNTED;
                }
                if (location != null) {
                    cancelUpload(target, location);
                }
                location = session.get();
            }
            if (location == null) {
                location = startUpload(target, scopes);
            }
            new BlobUpload(transport, subject, target.registry(), scopes, chunkedThreshold, chunkSize)
                    .upload(location, digest, store.path(digest), size);
            return BlobPushOutcome.UPLOADED;
        });
    }

    /** Stores a manifest under the reference's tag (or digest); returns its digest, checked against the registry's. */
    public Digest putManifest(ImageReference target, String mediaType, byte[] content) {
        String subject = target.toString();
        byte[] body = content.clone();
        DigestAlgorithm algorithm = target.digest().map(Digest::algorithm).orElse(DigestAlgorithm.SHA256);
        Digest digest = Digest.of(algorithm, algorithm.newMessageDigest().digest(body));
        if (target.digest().isPresent() && !target.digest().get().equals(digest)) {
            throw RegistryException.of(subject, "the manifest to push has digest " + digest
                    + ", not the one the reference names", null);
        }
        return retrying(subject, () -> {
            URI uri = apiUri(target, "/manifests/" + (target.tag().isPresent() ? target.tag().get() : digest.toString()));
            HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, target.registry(),
                    "PUT", uri, Map.of("Content-Type", mediaType), () -> HttpRequest.BodyPublishers.ofByteArray(body),
                    pushScope(target, List.of()), Set.of(200, 201), REQUEST_TIMEOUT));
            RetryingSender.discard(response);
            return verifiedDigest(subject, "PUT", uri, body, digest,
                    response.headers().firstValue("Docker-Content-Digest").orElse(null));
        });
    }

    // ---- whole images ----

    /** Pulls the image for the host's platform; see {@link #pull(ImageReference, Platform, BlobStore)}. */
    public PulledImage pull(ImageReference reference, BlobStore store) {
        return pull(reference, PlatformMatcher.host(), store);
    }

    /**
     * Pulls an image into the store: its manifest (chosen for {@code platform} if the
     * reference names an index), config and layers, each verified by digest. Blobs the store
     * already has are not downloaded again.
     */
    public PulledImage pull(ImageReference reference, Platform platform, BlobStore store) {
        String subject = reference.toString();
        FetchedManifest top = fetchManifest(reference);
        Descriptor index = null;
        FetchedManifest chosen = top;
        Descriptor manifestDescriptor = top.descriptor();
        List<Descriptor> entries = indexEntries(top.document());
        if (entries != null) {
            Descriptor entry = new PlatformMatcher(platform).select(entries).orElseThrow(() -> RegistryException.of(subject,
                    "the index has no manifest for " + platform + "; it has " + platformsOf(entries), null));
            store(subject, store, top.content(), top.descriptor().digest());
            index = top.descriptor();
            chosen = fetchManifest(reference.withDigest(entry.digest()));
            manifestDescriptor = Descriptor.of(chosen.descriptor().mediaType(), chosen.descriptor().digest(),
                    chosen.descriptor().size()).withPlatform(entry.platform());
        }
        Descriptor config;
        List<Descriptor> layers;
        if (chosen.document() instanceof ImageManifest m) {
            config = m.config();
            layers = m.layers();
        } else if (chosen.document() instanceof DockerManifest m) {
            config = m.config();
            layers = m.layers();
        } else {
            throw RegistryException.of(subject, "the index entry " + manifestDescriptor.digest()
                    + " is itself an index (" + chosen.descriptor().mediaType() + "), not an image manifest", null);
        }
        store(subject, store, chosen.content(), chosen.descriptor().digest());
        if (config.size() > MAX_CONFIG_BYTES) {
            throw RegistryException.of(subject, "the manifest says config " + config.digest() + " is " + config.size()
                    + " bytes, more than the " + MAX_CONFIG_BYTES + " a config may have; refusing it", null);
        }
        fetchBlob(reference, config, store);
        ImageConfig imageConfig = readConfig(subject, store, config);
        if (imageConfig.rootfs().diffIds().size() != layers.size()) {
            throw RegistryException.of(subject, "the manifest lists " + layers.size() + " layers but the config has "
                    + imageConfig.rootfs().diffIds().size() + " diff_ids", null);
        }
        List<Runnable> downloads = new ArrayList<>();
        for (Descriptor layer : distinctByDigest(layers)) {
            downloads.add(() -> fetchBlob(reference, layer, store));
        }
        transfers.runAll(downloads);
        return new PulledImage(reference, index, manifestDescriptor, config, imageConfig, layers);
    }

    /** Pushes an image manifest and its blobs, all from the store, to the reference; returns the manifest digest. */
    public Digest push(ImageReference target, Descriptor manifest, BlobStore store) {
        return push(target, manifest, store, List.of());
    }

    /**
     * Pushes a manifest — an image manifest with its config and layers, or an index with
     * every manifest it lists — from the store to the reference's tag (or digest). Blobs the
     * registry has in one of the {@code mountFrom} repositories are mounted, not uploaded.
     * Returns the digest of the pushed manifest.
     */
    public Digest push(ImageReference target, Descriptor manifest, BlobStore store, Collection<String> mountFrom) {
        String subject = target.toString();
        byte[] content = readManifestFromStore(subject, store, manifest);
        ManifestDocument document;
        try {
            document = ImageJson.readManifest(content, manifest.mediaType());
        } catch (ImageJsonException e) {
            throw RegistryException.of(subject, "manifest " + manifest.digest() + " in the store: " + e.getMessage(), e);
        }
        List<Descriptor> children = indexEntries(document);
        if (children != null) {
            for (Descriptor child : children) {
                push(target.byDigest(child.digest()), child, store, mountFrom);
            }
        } else if (document instanceof ImageManifest m) {
            pushBlobs(target, m.config(), m.layers(), store, mountFrom);
        } else if (document instanceof DockerManifest m) {
            pushBlobs(target, m.config(), m.layers(), store, mountFrom);
        }
        return putManifest(target, document.declaredMediaType(), content);
    }

    private void pushBlobs(ImageReference target, Descriptor config, List<Descriptor> layers, BlobStore store,
            Collection<String> mountFrom) {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(config);
        blobs.addAll(layers);
        List<Runnable> uploads = new ArrayList<>();
        for (Descriptor blob : distinctByDigest(blobs)) {
            uploads.add(() -> pushBlob(target, blob, store, mountFrom));
        }
        transfers.runAll(uploads);
    }

    // ---- pieces ----

    /** Empty if the registry mounted the blob, else the upload session it opened instead. */
    private Optional<URI> mountOrStartUpload(ImageReference target, Digest digest, String fromRepository,
            List<String> scopes) {
        String subject = target.toString();
        URI uri = apiUri(target, "/blobs/uploads/?mount=" + digest + "&from=" + fromRepository);
        HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, target.registry(),
                "POST", uri, Map.of(), null, scopes, Set.of(201, 202), REQUEST_TIMEOUT));
        RetryingSender.discard(response);
        if (response.statusCode() == 201) {
            return Optional.empty();
        }
        return Optional.of(uploadLocation(subject, "POST", uri, response));
    }

    private URI startUpload(ImageReference target, List<String> scopes) {
        String subject = target.toString();
        URI uri = apiUri(target, "/blobs/uploads/");
        HttpResponse<InputStream> response = transport.exchange(new RegistryTransport.Call(subject, target.registry(),
                "POST", uri, Map.of(), null, scopes, Set.of(202), REQUEST_TIMEOUT));
        RetryingSender.discard(response);
        return uploadLocation(subject, "POST", uri, response);
    }

    private static URI uploadLocation(String subject, String method, URI uri, HttpResponse<?> response) {
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            throw RegistryException.content(subject, method, uri, "the registry opened an upload but sent no Location",
                    null);
        }
        return response.request().uri().resolve(location.get());
    }

    /** Closes an upload session we will not use; a failure only leaves it to expire. */
    private void cancelUpload(ImageReference target, URI location) {
        try {
            RetryingSender.discard(transport.exchange(new RegistryTransport.Call(target.toString(), target.registry(),
                    "DELETE", location, Map.of(), null, pushScope(target, List.of()), Set.of(200, 202, 204, 404),
                    REQUEST_TIMEOUT)));
        } catch (RegistryException e) {
            // Registries may not support cancelling; the session expires on its own.
        }
    }

    private <T> T retrying(String subject, Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (RegistryException e) {
                // A cancelled transfer (another one failed) must stop, not retry.
                if (attempt >= retry.maxAttempts() || !RetryingSender.isTransient(e, retry)
                        || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                RetryingSender.pause(subject, retry.backoff(attempt, null));
            }
        }
    }

    private URI apiUri(ImageReference reference, String rest) {
        return transport.endpoint(reference.registry()).uri("/v2/" + reference.repository() + rest);
    }

    private static List<String> pullScope(ImageReference reference) {
        return List.of("repository:" + reference.repository() + ":pull");
    }

    private static List<String> pushScope(ImageReference target, Collection<String> mountSources) {
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + target.repository() + ":pull,push");
        for (String source : mountSources) {
            scopes.add("repository:" + source + ":pull");
        }
        return scopes;
    }

    /** Refuses, without reading it, a body whose Content-Length is more than the caller will accept. */
    private static void refuseAnnouncedSize(String subject, URI uri, HttpResponse<InputStream> response, long limit,
            String what) {
        long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced > limit) {
            try {
                response.body().close();
            } catch (IOException e) {
                // Closing only drops the connection.
            }
            throw RegistryException.content(subject, "GET", uri, what + ": the registry announces " + announced
                    + " bytes (Content-Length), more than the " + limit + " expected; refused unread", null);
        }
    }

    private static Digest verifiedDigest(String subject, String method, URI uri, byte[] content, Digest expected,
            String announced) {
        DigestAlgorithm algorithm = expected != null ? expected.algorithm() : DigestAlgorithm.SHA256;
        Digest actual = Digest.of(algorithm, algorithm.newMessageDigest().digest(content));
        if (expected != null && !expected.equals(actual)) {
            throw RegistryException.content(subject, method, uri, "manifest does not match its digest: expected "
                    + expected + ", got " + actual, null);
        }
        if (announced != null) {
            Digest claimed;
            try {
                claimed = Digest.parse(announced.strip());
            } catch (IllegalArgumentException e) {
                return actual;
            }
            if (claimed.algorithm() == algorithm && !claimed.equals(actual)) {
                throw RegistryException.content(subject, method, uri, "the registry says the manifest is " + claimed
                        + " but its content hashes to " + actual, null);
            }
        }
        return actual;
    }

    private static void store(String subject, BlobStore store, byte[] content, Digest digest) {
        try {
            store.write(new ByteArrayInputStream(content), digest);
        } catch (BlobStoreException e) {
            throw RegistryException.of(subject, "could not store " + digest + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readManifestFromStore(String subject, BlobStore store, Descriptor manifest) {
        byte[] content;
        try (InputStream in = store.open(manifest.digest())) {
            content = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        } catch (BlobStoreException | IOException e) {
            throw RegistryException.of(subject, "cannot read manifest " + manifest.digest() + " to push: "
                    + e.getMessage(), e);
        }
        DigestAlgorithm algorithm = manifest.digest().algorithm();
        if (!Digest.of(algorithm, algorithm.newMessageDigest().digest(content)).equals(manifest.digest())) {
            throw RegistryException.of(subject, "manifest " + manifest.digest() + " in " + store.root()
                    + " does not match its digest; the store is damaged", null);
        }
        return content;
    }

    private static ImageConfig readConfig(String subject, BlobStore store, Descriptor config) {
        try (InputStream in = store.open(config.digest())) {
            byte[] content = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (content.length > MAX_CONFIG_BYTES) {
                throw RegistryException.of(subject, "config " + config.digest() + " in " + store.root() + " is larger than "
                        + MAX_CONFIG_BYTES + " bytes; refusing it", null);
            }
            return ImageJson.read(content, ImageConfig.class);
        } catch (ImageJsonException e) {
            throw RegistryException.of(subject, "config " + config.digest() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw RegistryException.of(subject, "could not read config " + config.digest() + " from " + store.root()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The entries of an index or manifest list; null for an image manifest. */
    private static List<Descriptor> indexEntries(ManifestDocument document) {
        if (document instanceof ImageIndex index) {
            return index.manifests();
        }
        if (document instanceof DockerManifestList list) {
            return list.manifests();
        }
        return null;
    }

    private static List<Descriptor> distinctByDigest(List<Descriptor> blobs) {
        Map<Digest, Descriptor> distinct = new LinkedHashMap<>();
        for (Descriptor blob : blobs) {
            distinct.putIfAbsent(blob.digest(), blob);
        }
        return List.copyOf(distinct.values());
    }

    private static String platformsOf(List<Descriptor> entries) {
        String listed = entries.stream().map(Descriptor::platform).filter(Objects::nonNull).map(Platform::toString)
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "no platforms listed" : listed;
    }

    private static String bareMediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    }
}
