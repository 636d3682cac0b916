//! The conversation graph for other tools: GraphML (Gephi, yEd, networkx) and the node and
//! edge CSV files i2 Analyst's Notebook imports.

use std::io::{BufWriter, Write};

use crate::index::{ConversationGraph, GraphNode};

/// The graph for i2 Analyst's Notebook: `nodes.csv` (one row a handle) and `edges.csv` (one row
/// a pair of handles), each with a header row.
pub fn write_graph_csv(nodes: impl Write, edges: impl Write, graph: &ConversationGraph) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(BufWriter::new(nodes));
    w.write_record(["handle", "nicknames", "devices", "sent", "received", "messages"])?;
    for n in &graph.nodes {
        w.write_record([
            n.handle.as_str(),
            &n.nicknames.join(";"),
            &n.devices.join(";"),
            &n.sent.to_string(),
            &n.received.to_string(),
            &(n.sent + n.received).to_string(),
        ])?;
    }
    w.flush()?;

    let nicknames_of = |handle: &str| {
        graph
            .nodes
            .binary_search_by(|n| n.handle.as_str().cmp(handle))
            .ok()
            .map(|i| graph.nodes[i].nicknames.join(";"))
            .unwrap_or_default()
    };
    let mut w = csv::Writer::from_writer(BufWriter::new(edges));
    w.write_record(["from", "to", "weight", "first", "last", "from_nicknames", "to_nicknames"])?;
    for e in &graph.edges {
        w.write_record([
            e.a.as_str(),
            &e.b,
            &e.messages.to_string(),
            &crate::time::rfc3339_ms(e.first_at),
            &crate::time::rfc3339_ms(e.last_at),
            &nicknames_of(&e.a),
            &nicknames_of(&e.b),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// GraphML 1.0, undirected; `label` and `weight` are the names Gephi picks up.
pub fn write_graphml(out: &mut impl Write, graph: &ConversationGraph) -> std::io::Result<()> {
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="nicknames" for="node" attr.name="nicknames" attr.type="string"/>
  <key id="devices" for="node" attr.name="devices" attr.type="string"/>
  <key id="sent" for="node" attr.name="sent" attr.type="long"/>
  <key id="received" for="node" attr.name="received" attr.type="long"/>
  <key id="messages" for="node" attr.name="messages" attr.type="long"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="first" for="edge" attr.name="first" attr.type="string"/>
  <key id="last" for="edge" attr.name="last" attr.type="string"/>
  <graph id="tapir" edgedefault="undirected">
"#,
    )?;
    for n in &graph.nodes {
        write_node(out, n)?;
    }
    for (i, e) in graph.edges.iter().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data key=\"first\">{}</data><data key=\"last\">{}</data></edge>",
            xml(&e.a),
            xml(&e.b),
            e.messages,
            crate::time::rfc3339_ms(e.first_at),
            crate::time::rfc3339_ms(e.last_at)
        )?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

fn write_node(out: &mut impl Write, n: &GraphNode) -> std::io::Result<()> {
    let handle = xml(&n.handle);
    write!(out, "    <node id=\"{handle}\"><data key=\"label\">{handle}</data>")?;
    if !n.nicknames.is_empty() {
        write!(out, "<data key=\"nicknames\">{}</data>", xml(&n.nicknames.join(";")))?;
    }
    if !n.devices.is_empty() {
        write!(out, "<data key=\"devices\">{}</data>", xml(&n.devices.join(";")))?;
    }
    writeln!(
        out,
        "<data key=\"sent\">{}</data><data key=\"received\">{}</data><data key=\"messages\">{}</data></node>",
        n.sent,
        n.received,
        n.sent + n.received
    )
}

/// Text escaped for XML content and attributes; characters XML 1.0 cannot hold at all
/// (most controls) become U+FFFD, since handles and nicknames come from evidence bytes.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(super::xml("a&b<c>\"d'\u{1}\te"), "a&amp;b&lt;c&gt;&quot;d&apos;\u{FFFD}&#9;e");
    }
}
