package dev.jbuild.grammar.instruction;

import static dev.jbuild.grammar.instruction.Dockerfiles.readError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RUN --mount options, read and checked as BuildKit reads them. */
class RunMountTest {

    private static final UnaryOperator<String> AS_IS = v -> v;

    private static RunMount mount(String spec) {
        return RunMount.parse(spec, AS_IS);
    }

    private static String problem(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> mount(spec)).getMessage();
    }

    @Test
    void bindIsTheDefaultTypeAndReadOnlyByDefault() {
        RunMount m = mount("target=/src,source=app,from=build");
        assertEquals(MountType.BIND, m.type());
        assertTrue(m.readOnly());
        assertEquals("/src", m.target());
        assertEquals("app", m.source());
        assertEquals("build", m.from());
    }

    @Test
    void cacheAndTmpfsAreWritableByDefault() {
        assertFalse(mount("type=cache,target=/c").readOnly());
        assertFalse(mount("type=tmpfs,target=/t").readOnly());
        assertTrue(mount("type=cache,target=/c,ro").readOnly());
        assertFalse(mount("type=bind,target=/b,rw=true").readOnly());
        assertTrue(mount("type=bind,target=/b,readwrite=false").readOnly());
    }

    @Test
    void keysAndTypesAreCaseInsensitiveAndHaveAliases() {
        RunMount m = mount("Type=CACHE,DST=/c,src=/s,Sharing=Private,mode=0700,uid=1000,gid=1000");
        assertEquals(MountType.CACHE, m.type());
        assertEquals("/c", m.target());
        assertEquals("/s", m.source());
        assertEquals(Optional.of(MountSharing.PRIVATE), m.sharing());
        assertEquals(OptionalLong.of(0700), m.mode());
        assertEquals(OptionalLong.of(1000), m.uid());
        assertEquals(OptionalLong.of(1000), m.gid());
        assertEquals("/d", mount("destination=/d").target());
    }

    @Test
    void secretMountTakesIdEnvAndRequired() {
        RunMount m = mount("type=secret,id=token,env=TOKEN,required");
        assertEquals(MountType.SECRET, m.type());
        assertEquals("token", m.id());
        assertEquals(Optional.of("TOKEN"), m.env());
        assertTrue(m.required());
        assertTrue(mount("type=ssh,required=true").required());
    }

    @ParameterizedTest
    @CsvSource({"64m,67108864", "1g,1073741824", "512,512", "1.5k,1536", "2 MiB,2097152"})
    void tmpfsSizeIsReadLikeDocker(String size, long bytes) {
        assertEquals(bytes, mount("type=tmpfs,target=/t,size=" + size).sizeLimit());
    }

    @Test
    void csvQuotingAllowsCommasInValues() {
        assertEquals("/a,b", mount("type=bind,\"target=/a,b\"").target());
        assertTrue(problem("target=/a\"b").contains("a quote inside an unquoted field"));
    }

    @Test
    void runMountOptionsValidated() {
        assertEquals("unsupported mount type \"cahce\" (did you mean cache?); use bind, cache, tmpfs, secret or ssh",
                problem("type=cahce,target=/x"));
        assertTrue(problem("type=cache,target=/x,sharing=exclusive")
                .startsWith("unsupported sharing value \"exclusive\""));
        assertTrue(problem("type=cache,targte=/x").startsWith("unexpected key 'targte' in 'targte=/x' (did you mean target?)"));
        assertEquals("invalid field 'foo' must be a key=value pair", problem("type=cache,foo"));
        assertTrue(problem("type=bind,ro=maybe").startsWith("invalid value for ro: maybe"));
        assertTrue(problem("type=cache,mode=0999").startsWith("invalid value 0999 for mode"));
        assertTrue(problem("type=cache,uid=-1").startsWith("invalid value -1 for uid"));
        assertTrue(problem("type=tmpfs,size=lots").startsWith("invalid value for size: lots"));
    }

    @Test
    void optionsThatDependOnTheTypeAreChecked() {
        assertTrue(problem("type=bind,required").startsWith("unexpected key 'required' for mount type 'bind'"));
        assertTrue(problem("type=cache,size=1m").startsWith("unexpected key 'size' for mount type 'cache'"));
        assertTrue(problem("type=bind,mode=0755").startsWith("mode not allowed for \"bind\" type mounts"));
        assertTrue(problem("type=tmpfs,uid=1").startsWith("uid not allowed for \"tmpfs\" type mounts"));
        assertTrue(problem("type=bind,sharing=locked").startsWith("invalid cache sharing set for bind mount"));
    }

    @Test
    void typeMustComeBeforeOptionsThatDependOnIt() {
        // BuildKit checks each option against the type read so far.
        assertTrue(problem("required,type=secret,id=x").startsWith("unexpected key 'required' for mount type 'bind'"));
    }

    @Test
    void secretMountRules() {
        assertEquals("secret mount should not have a from", problem("type=secret,id=x,from=build"));
        assertEquals("secret mount should not define sharing", problem("type=secret,id=x,sharing=shared"));
        assertTrue(problem("type=secret").startsWith("invalid secret mount. one of source, target required"));
        assertTrue(problem("type=secret,id=x,source=y").startsWith("both source and id can't be set"));
    }

    @Test
    void fromCannotUseVariables() {
        assertTrue(problem("from=$STAGE,target=/x").startsWith("'from' doesn't support variable expansion"));
        assertEquals("x$", mount("from=x$").from());
    }

    @Test
    void unknownValuesSkipTheChecksThatNeedThem() {
        UnaryOperator<String> unknownWithDollar = v -> v.contains("$") ? null : v;
        RunMount m = RunMount.parse("type=$T,required,mode=$M,size=$S", unknownWithDollar);
        assertTrue(m.required());
        assertEquals(OptionalLong.empty(), m.mode());
        assertEquals(MountType.BIND, m.type());
    }

    @Test
    void theReaderPointsMountErrorsAtTheFlag() throws Exception {
        readError("FROM a\nRUN --network=none --mount=type=cache,mode=0755,uid=x true\n", 2, 20,
                "invalid value x for uid (use a number)");
        readError("FROM a\nRUN --mount=type=secret true\n", 2, 5, "invalid secret mount");
    }

    @Test
    void theReaderUnquotesConstantValues() throws Exception {
        RunCommand run = Dockerfiles.command("FROM a\nRUN --mount=type=cache,target='/a b' true\n", RunCommand.class);
        assertEquals("/a b", run.mounts().get(0).target());
    }

    @Test
    void runDeviceOptionsValidated() throws Exception {
        assertEquals(new RunDevice("gpu", false), RunDevice.parse("name=gpu"));
        assertEquals(new RunDevice("gpu", true), RunDevice.parse("gpu,required=true"));
        readError("FROM a\nRUN --device=name=a,name=b true\n", 2, 5, "device name already set to a");
        readError("FROM a\nRUN --device=a,b true\n", 2, 5, "invalid field 'b' must be a key=value pair");
        readError("FROM a\nRUN --device=a,requird=1 true\n", 2, 5, "unexpected key 'requird'", "(did you mean required?)");
    }
}
