package io.meshproof.repl;

import de.vandermeer.asciitable.AsciiTable;
import de.vandermeer.asciitable.CWC_LongestLine;
import de.vandermeer.asciithemes.a7.A7_Grids;
import io.meshproof.engine.flow.Flow;
import io.meshproof.engine.flow.FlowEndpoint;
import io.meshproof.engine.tls.TlsSession;
import java.util.List;

/** Flows as a table for people: one row per flow. */
final class FlowTable {
    private FlowTable() {
    }

    static String render(List<Flow> flows) {
        if (flows.isEmpty()) {
            return "no flows" + System.lineSeparator();
        }
        AsciiTable table = new AsciiTable();
        table.getContext().setGrid(A7_Grids.minusBarPlus());
        table.addRule();
        table.addRow("#", "client", "server", "app", "tls", "client auth", "detail", "pkts", "anomalies");
        table.addRule();
        for (Flow flow : flows) {
            TlsSession tls = flow.tls();
            String client = flow.local() ? "sidecar " + flow.client().ip() + ":" + flow.client().port()
                    : endpoint(flow.client());
            table.addRow(flow.id(), client, endpoint(flow.server()),
                    flow.local() ? flow.app().label() + " (local)" : flow.hbone() ? "tls (hbone)" : flow.app().label(),
                    tls == null || tls.version() == null ? "-" : tls.version(),
                    tls == null ? "-" : flow.clientAuthEvidence().label(), detail(flow),
                    flow.packets().toServer() + "/" + flow.packets().toClient(), flow.anomalies().size());
        }
        table.addRule();
        table.getRenderer().setCWC(new CWC_LongestLine());
        return table.render() + System.lineSeparator();
    }

    private static String endpoint(FlowEndpoint endpoint) {
        return endpoint.describe();
    }

    private static String detail(Flow flow) {
        if (flow.tls() != null) {
            TlsSession tls = flow.tls();
            StringBuilder out = new StringBuilder();
            if (tls.sni() != null) {
                out.append("sni ").append(tls.sni());
            }
            if (tls.clientIdentity() != null) {
                out.append(out.length() > 0 ? " " : "").append("client ").append(tls.clientIdentity());
            }
            return out.length() == 0 ? "-" : out.toString();
        }
        if (!flow.http().isEmpty()) {
            var exchange = flow.http().get(0);
            return exchange.method() + " " + exchange.path() + " " + (exchange.status() == null ? "(no response)"
                    : exchange.status());
        }
        if (!flow.dns().isEmpty()) {
            return flow.dns().size() + " dns messages";
        }
        return "-";
    }
}
