package dev.jbuild.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jbuild.core.image.ImageJson;
import dev.jbuild.core.image.ImageManifest;
import dev.jbuild.core.store.HostPlatform;
import dev.jbuild.core.store.ImageStore;
import dev.jbuild.core.store.StoredImage;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild inspect NAME}: prints a stored image's name, digest, manifest and config as JSON. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a stored image as JSON: name, manifest digest, manifest and config.")
final class InspectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    private StoreOption storeOption;

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StoredImage image = storeOption.existing(spec.commandLine(), name);
        ImageStore store = storeOption.store();
        byte[] manifestBytes = store.readBlob(image.manifest().digest());
        // an index (a multi-platform build) is shown with the config of this machine's platform, as docker does
        ImageManifest manifest = ImageJson.read(store.readBlob(store.imageManifest(image, HostPlatform.current()).digest()),
                ImageManifest.class);
        ObjectNode out = JSON.createObjectNode();
        out.put("name", image.name());
        out.put("digest", image.manifest().digest().toString());
        out.put("mediaType", image.manifest().mediaType());
        out.set("manifest", JSON.readTree(manifestBytes));
        JsonNode config = JSON.readTree(store.readBlob(manifest.config().digest()));
        out.set("config", config);
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return ExitStatus.OK;
    }
}
