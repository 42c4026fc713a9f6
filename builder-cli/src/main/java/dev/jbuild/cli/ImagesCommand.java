package dev.jbuild.cli;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.DockerName;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * digest), when it was made and the size of its layers as stored (compressed).
 */
@Command(name = "images", mixinStandardHelpOptions = true, description = "List the images in jbuild's local store.",
        footer = {"%nFields for --format: .Repository .Tag .ID .Digest .CreatedSince .CreatedAt .Size, or json ."})
final class ImagesCommand implements Callable<Integer> {

    private static final Map<String, String> TITLES = titles();

    @Mixin
    private StoreOption storeOption;

    @Option(names = {"-q", "--quiet"}, description = "print only image ids, one per name")
    private boolean quiet;

    @Option(names = "--no-trunc", description = "print whole ids (sha256:…)")
    private boolean noTrunc;

    @Option(names = "--digests", description = "add the manifest digest column")
    private boolean digests;

    @Option(names = "--format", paramLabel = "TEMPLATE",
            description = "a Go template as docker's: 'table {{.Repository}}\\t{{.ID}}', '{{.ID}}', '{{json .}}'")
    private String format;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static Map<String, String> titles() {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("Repository", "REPOSITORY");
        titles.put("Tag", "TAG");
        titles.put("Digest", "DIGEST");
        titles.put("ID", "IMAGE ID");
        titles.put("CreatedSince", "CREATED");
        titles.put("CreatedAt", "CREATED AT");
        titles.put("Size", "SIZE");
        return Collections.unmodifiableMap(titles);
    }

    @Override
    public Integer call() {
        RowFormat rows = RowFormat.of(spec.commandLine(), template(), TITLES);
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

    // docker: -q wins over --format; --digests adds its column to the default table only.
    private String template() {
        if (quiet) {
            return "{{.ID}}";
        }
        if (format != null && !format.isEmpty()) {
            return format;
        }
        return "table {{.Repository}}\t{{.Tag}}\t" + (digests ? "{{.Digest}}\t" : "")
                + "{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    }

    private Map<String, String> row(ImageStore store, StoredImage image, Instant now) {
        ImageManifest manifest = ImageJson.read(store.readBlob(image.manifest().digest()), ImageManifest.class);
        ImageConfig config = ImageJson.read(store.readBlob(manifest.config().digest()), ImageConfig.class);
        Optional<Instant> created = HumanUnits.created(config.created());
        String familiar = DockerName.familiar(image.name());
        int colon = familiar.lastIndexOf(':');
        boolean tagged = colon > familiar.lastIndexOf('/');
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Repository", tagged ? familiar.substring(0, colon) : familiar);
        row.put("Tag", tagged ? familiar.substring(colon + 1) : "<none>");
        row.put("Digest", image.manifest().digest().toString());
        row.put("ID", ImageId.shown(manifest.config().digest(), noTrunc));
        row.put("CreatedSince", HumanUnits.since(created, now));
        row.put("CreatedAt", HumanUnits.goTime(created));
        row.put("Size", HumanUnits.size(manifest.layers().stream().mapToLong(Descriptor::size).sum()));
        return row;
    }
}
