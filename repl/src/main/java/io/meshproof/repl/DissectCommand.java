package io.meshproof.repl;

import io.meshproof.engine.capture.CaptureException;
import io.meshproof.engine.capture.CaptureWarning;
import io.meshproof.engine.dissect.DissectedFrame;
import io.meshproof.engine.dissect.Dissector;
import io.meshproof.engine.dissect.Field;
import io.meshproof.engine.inventory.Endpoint;
import io.meshproof.engine.inventory.Inventory;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshproof dissect}: Wireshark's packet list, one line per frame, and with {@code -V} each frame's
 * layers as a tree of {@code name: value} lines with Wireshark's field names. Frames are printed as they are
 * read, so a large capture starts showing at once and memory does not grow with it.
 */
@Command(name = "dissect", versionProvider = VersionProvider.class,
        description = "Shows the frames of captures as Wireshark's packet list (number, time, source, destination, "
                + "protocol, length, info), or with -V their layers as trees of Wireshark field names.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the captures were read", "2:unusable input (unreadable capture or inventory, bad options)"})
final class DissectCommand implements Callable<Integer> {
    private static final String INDENT = "    ";

    @Spec
    private CommandSpec spec;

    @Mixin
    private CaptureOptions input;

    @Option(names = "--flow", paramLabel = "N",
            description = "Only the frames of flow N, numbered as `meshproof flows` numbers them.")
    private Integer flow;

    @Option(names = "--frame", paramLabel = "N",
            description = "Only frame N (numbered from 1 in each capture, as in Wireshark).")
    private Long frame;

    // -V is Wireshark's "details" switch here, so help and version are declared without picocli's -V.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print version information and exit.")
    private boolean version;

    @Option(names = "-V", description = "Show each frame's layers as an indented tree of `name: value` lines, "
            + "with Wireshark's field names where one exists and `undecoded:` notes for what is not decoded.")
    private boolean detail;

    @Override
    public Integer call() throws UnusableInputException {
        if ((flow != null && flow < 1) || (frame != null && frame < 1)) {
            throw new UnusableInputException("--flow and --frame take a number from 1, found "
                    + (flow != null && flow < 1 ? flow : frame));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Inputs.Loaded inputs = Inputs.load(input, err, List.of());
        Inventory inventory = inputs.inventory();
        Dissector dissector = new Dissector(inputs.keys());
        Dissector.Selection selection = new Dissector.Selection(flow == null ? 0 : flow, frame == null ? 0 : frame);
        int nextFlowId = 1;
        long framesRead = 0;
        long[] shown = new long[1];
        List<Path> captures = inputs.captures();
        for (Path capture : captures) {
            // with several captures each is headed by its name, when it has a frame to show
            String heading = captures.size() > 1 ? "# " + capture : null;
            long shownBefore = shown[0];
            try {
                Dissector.Summary summary = dissector.dissect(capture, nextFlowId, selection, dissected -> {
                    if (heading != null && shown[0] == shownBefore) {
                        out.println(heading);
                    }
                    shown[0]++;
                    print(dissected, inventory, out);
                });
                nextFlowId += summary.flows();
                framesRead += summary.frames();
                for (CaptureWarning warning : summary.warnings()) {
                    err.println("meshproof: warning: " + capture + ": " + warning.message());
                }
            } catch (CaptureException e) {
                throw new UnusableInputException(e.getMessage());
            }
        }
        out.flush();
        if (shown[0] == 0 && (flow != null || frame != null)) {
            throw new UnusableInputException(nothingSelected(captures, nextFlowId - 1, framesRead));
        }
        return ExitCodes.OK;
    }

    /** Why --flow or --frame showed nothing: the number is beyond what the captures hold. */
    private String nothingSelected(List<Path> captures, int flows, long frames) {
        String where = captures.size() == 1 ? captures.get(0).toString() : "the captures";
        if (flow != null && flow > flows) {
            return "no flow " + flow + " in " + where + " (" + flows + (flows == 1 ? " flow)" : " flows)");
        }
        if (frame != null && flow == null) {
            return "no frame " + frame + " in " + where + " (" + frames + (frames == 1 ? " frame)" : " frames)");
        }
        return "flow " + flow + " has no frame " + frame;
    }

    private void print(DissectedFrame dissected, Inventory inventory, PrintWriter out) {
        out.println(line(dissected));
        if (!detail) {
            return;
        }
        for (Field layer : dissected.layers()) {
            print(layer, 1, out);
        }
        if (!input.inventories.isEmpty()) {
            endpoint("meshproof.src", dissected.source(), inventory, out);
            endpoint("meshproof.dst", dissected.destination(), inventory, out);
        }
        out.println();
    }

    /** One packet-list line, with tshark's column widths. */
    static String line(DissectedFrame frame) {
        long micros = (frame.relativeNanos() + 500) / 1000;
        String time = String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
        return String.format(Locale.ROOT, "%5d %10s %12s \u2192 %-12s %s %d %s", frame.number(), time,
                frame.source(), frame.destination(), frame.protocol(), frame.length(), frame.info());
    }

    private static void print(Field field, int depth, PrintWriter out) {
        out.println(INDENT.repeat(depth - 1) + field.name() + ": " + field.value());
        for (Field child : field.children()) {
            print(child, depth + 1, out);
        }
    }

    private static void endpoint(String name, String address, Inventory inventory, PrintWriter out) {
        if (address.isEmpty()) {
            return;
        }
        try {
            // an IP literal: InetAddress parses it without a name lookup
            Endpoint endpoint = inventory.resolve(InetAddress.getByName(address));
            String who = endpoint.name() == null ? endpoint.kind()
                    : endpoint.kind() + " " + endpoint.namespace() + "/" + endpoint.name();
            out.println(name + ": " + who);
        } catch (UnknownHostException e) {
            out.println(name + ": " + address + " (not an address)");
        }
    }
}
