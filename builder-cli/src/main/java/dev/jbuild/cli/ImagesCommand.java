package dev.jbuild.cli;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.DockerName;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jbuild images}: lists the images in the local store as {@code docker images} does,
 * one row per name: repository and tag in docker's short form, the image id (the config's
 * digest), when it was made and the size of its layers as stored (plain tars for built layers).
 */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List the images in jbuild's local store.",
        footer = {"%nFields for --format: .Repository .Tag .ID .Digest .CreatedSince .CreatedAt .Size, or json ."})
final class ImagesCommand implements Callable<Integer> {

    private static final Map<String, String> TITLES = RowFormat.titles("Repository", "REPOSITORY", "Tag", "TAG",
            "Digest", "DIGEST", "ID", "IMAGE ID", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE");

    @Mixin
    private StoreOption storeOption;

    @Mixin
    private ListingFlags listing;

    @Option(names = "--digests", description = "add the manifest digest column")
    private boolean digests;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // --digests adds its column to the default table only, as docker's does.
        RowFormat rows = listing.rowFormat(spec.commandLine(), "table {{.Repository}}\t{{.Tag}}\t"
                + (digests ? "{{.Digest}}\t" : "") + "{{.ID}}\t{{.CreatedSince}}\t{{.Size}}", TITLES);
        ImageStore store = storeOption.store();
        Instant now = Instant.now();
        List<Map<String, String>> listed = new ArrayList<>();
        for (StoredImage image : store.images()) {
            listed.add(row(store, image, now));
        }
        PrintWriter out = spec.commandLine().getOut();
        rows.print(listed, out);
        out.flush();
        return ExitStatus.OK;
    }

    private Map<String, String> row(ImageStore store, StoredImage image, Instant now) {
        ImageManifest manifest = ImageJson.read(store.readBlob(store.imageManifest(image, HostPlatform.current()).digest()),
                ImageManifest.class);
        ImageConfig config = ImageJson.read(store.readBlob(manifest.config().digest()), ImageConfig.class);
        Optional<Instant> created = HumanUnits.created(config.created());
        String familiar = DockerName.familiar(image.name());
        int colon = familiar.lastIndexOf(':');
        boolean tagged = colon > familiar.lastIndexOf('/');
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Repository", tagged ? familiar.substring(0, colon) : familiar);
        row.put("Tag", tagged ? familiar.substring(colon + 1) : "<none>");
        row.put("Digest", image.manifest().digest().toString());
        row.put("ID", ImageId.shown(manifest.config().digest(), listing.noTrunc()));
        row.put("CreatedSince", HumanUnits.since(created, now));
        row.put("CreatedAt", HumanUnits.goTime(created));
        row.put("Size", HumanUnits.size(manifest.layers().stream().mapToLong(Descriptor::size).sum()));
        return row;
    }
}
