package dev.jbuild.cli;

import dev.jbuild.core.image.Descriptor;
import dev.jbuild.core.image.History;
import dev.jbuild.core.image.ImageConfig;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.HostPlatform;
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
import picocli.CommandLine.Parameters;

/**
 * {@code jbuild history NAME}: the steps that made a stored image, newest first, as
 * {@code docker history} prints them from the config's history: the image id on the top row and
 * {@code <missing>} below (their layers have no image of their own), each entry's layer size
 * (as stored, compressed; {@code 0B} for an entry without a layer) and comment.
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show the history of a stored image.",
        footer = {"%nFields for --format: .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment, or json ."})
final class HistoryCommand implements Callable<Integer> {

    private static final int CREATED_BY_WIDTH = 45;
    private static final Map<String, String> TITLES = RowFormat.titles("ID", "IMAGE", "CreatedSince", "CREATED",
            "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    @Mixin
    private StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "NAME", description = "a stored image")
    private String name;

    @Mixin
    private ListingFlags listing;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            arity = "0..1", paramLabel = "BOOL", description = "sizes and dates in human-readable form (default: true)")
    private boolean human;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RowFormat rows = listing.rowFormat(spec.commandLine(),
                "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}", TITLES);
        StoredImage image = storeOption.existing(spec.commandLine(), name);
        ImageStore store = storeOption.store();
        ImageManifest manifest = ImageJson.read(store.readBlob(store.imageManifest(image, HostPlatform.current()).digest()),
                ImageManifest.class);
        ImageConfig config = ImageJson.read(store.readBlob(manifest.config().digest()), ImageConfig.class);
        PrintWriter out = spec.commandLine().getOut();
        rows.print(rows(manifest, config, Instant.now()), out);
        out.flush();
        return ExitStatus.OK;
    }

    private List<Map<String, String>> rows(ImageManifest manifest, ImageConfig config, Instant now) {
        List<Map<String, String>> rows = new ArrayList<>();
        int layer = 0;
        for (History entry : config.history()) {
            long size = 0;
            boolean empty = Boolean.TRUE.equals(entry.emptyLayer());
            if (!empty && layer < manifest.layers().size()) {
                size = manifest.layers().get(layer++).size();
            }
            rows.add(row(entry, size, now));
        }
        Collections.reverse(rows);
        if (!rows.isEmpty()) {
            rows.get(0).put("ID", ImageId.shown(manifest.config().digest(), listing.noTrunc()));
        }
        return rows;
    }

    private Map<String, String> row(History entry, long size, Instant now) {
        Optional<Instant> created = HumanUnits.created(entry.created());
        String createdBy = entry.createdBy() == null ? "" : entry.createdBy().replace('\t', ' ');
        Map<String, String> row = new LinkedHashMap<>();
        row.put("ID", "<missing>");
        row.put("CreatedSince", human ? HumanUnits.since(created, now) : HumanUnits.rfc3339(created));
        row.put("CreatedAt", HumanUnits.rfc3339(created));
        row.put("CreatedBy", listing.noTrunc() ? createdBy : ellipsis(createdBy));
        row.put("Size", human ? HumanUnits.size(size) : Long.toString(size));
        row.put("Comment", entry.comment() == null ? "" : entry.comment());
        return row;
    }

    private static String ellipsis(String text) {
        if (text.codePointCount(0, text.length()) <= CREATED_BY_WIDTH) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, CREATED_BY_WIDTH - 1)) + "…";
    }
}
