/// Prints a policy in HCL's canonical layout, as `vault policy fmt` does: two-space indents,
/// one blank line between blocks, `=` aligned across adjacent one-line attributes, a list on
/// one line unless it was written across lines, and every comment kept.
struct PolicyFormatter {
    private let document: PolicyDocument
    /// Where printing has got to in the source, so each standalone comment prints once.
    private var printedUpTo = -1

    /// The canonical text of `document`.
    static func format(_ document: PolicyDocument) -> String {
        var formatter = PolicyFormatter(document: document)
        return formatter.file()
    }

    private init(document: PolicyDocument) {
        self.document = document
    }

    private mutating func file() -> String {
        var out = ""
        let items = document.items
        for index in 0...items.count {
            let next = index < items.count ? items[index].start.offset : Int.max
            for group in standalone(before: next) {
                if printedUpTo >= 0 && index == items.count { out += "\n\n" }
                out += group.map(\.text).joined(separator: "\n") + "\n"
                if index < items.count { out += "\n" }
            }
            guard index < items.count else { break }
            printedUpTo = items[index].start.offset
            out += item(items[index])
            if index < items.count - 1 { out += "\n\n" }
        }
        return out + "\n"
    }

    /// The standalone comment groups after what was printed and before `offset`.
    private func standalone(before offset: Int) -> [[HCLToken]] {
        document.standalone.filter { $0[0].offset > printedUpTo && $0[0].offset < offset }
    }

    private mutating func item(_ item: PolicyDocument.Item) -> String {
        var out = item.leadComment.map { $0.text + "\n" }.joined()
        for (index, key) in item.keys.enumerated() {
            out += key.text + " "
            if item.hasEquals && item.keys.count == 1 && index == 0 { out += "= " }
        }
        out += value(item.value)
        if item.value.start.line == item.start.line && !item.lineComment.isEmpty {
            out += " " + item.lineComment.map(\.text).joined()
        }
        return out
    }

    private mutating func value(_ value: PolicyDocument.Value) -> String {
        switch value {
        case .literal(let token): return token.text
        case .list(let open, let elements): return list(open: open, elements)
        case .object(_, let items, let close): return object(items, close: close)
        }
    }

    private func list(open: HCLToken, _ elements: [PolicyDocument.Element]) -> String {
        guard elements.contains(where: { $0.token.line != open.line }) else {
            return "[" + elements.map(\.token.text).joined(separator: ", ") + "]"
        }
        let longest = elements.map(\.token.text.utf8.count).max() ?? 0
        var out = "["
        for element in elements {
            out += "\n  " + element.token.text + ","
            if !element.lineComment.isEmpty {
                out += String(repeating: " ", count: longest - element.token.text.utf8.count + 1)
                out += element.lineComment.map(\.text).joined()
            }
        }
        return out + "\n]"
    }

    /// An object's items: a run of adjacent one-line items is aligned; anything else stands
    /// apart, after a blank line (unless a standalone comment already made one).
    private mutating func object(_ items: [PolicyDocument.Item], close: HCLToken) -> String {
        var out = "{"
        var (index, commented, opened) = (0, false, false)
        while true {
            let next = index < items.count ? items[index].start.offset : close.offset
            for group in standalone(before: next) {
                if !opened { (opened, out) = (true, out + "\n") }
                if index > 0 { (commented, out) = (true, out + "\n") }
                out += Self.indented(group.map(\.text).joined(separator: "\n")) + "\n"
                if index < items.count { out += "\n" }
            }
            guard index < items.count else {
                printedUpTo = close.offset
                break
            }
            if !opened { (opened, out) = (true, out + "\n") }
            let run = alignedRun(items, from: index)
            if !commented && index != 0 { out += "\n" }
            if run.isEmpty {
                printedUpTo = items[index].start.offset
                out += Self.indented(item(items[index]))
                index += 1
            } else {
                printedUpTo = run[run.count - 1].start.offset
                out += Self.indented(aligned(run))
                index += run.count
            }
            out += "\n"
        }
        return out + "}"
    }

    /// The one-line items from `start` on that sit on adjacent source lines.
    private mutating func alignedRun(_ items: [PolicyDocument.Item], from start: Int) -> [PolicyDocument.Item] {
        guard items.count > 1 else { return [] }
        var run: [PolicyDocument.Item] = []
        var index = start
        let saved = printedUpTo
        defer { printedUpTo = saved }
        while index < items.count {
            let current = items[index]
            guard item(current).split(separator: "\n", omittingEmptySubsequences: false).count <= 2 else { break }
            let nextLine = index < items.count - 1 ? items[index + 1].start.line : 0
            let previousLine = index > 0 ? items[index - 1].start.line : 0
            if current.start.line + 1 == nextLine {
                (run, index) = (run + [current], index + 1)
            } else if current.start.line - 1 == previousLine {
                (run, index) = (run + [current], index + 1)
                if current.start.line + 1 != nextLine { break }
            } else {
                break
            }
        }
        return run
    }

    /// Items one a line with their `=` signs, and any line comments, in a column.
    private mutating func aligned(_ items: [PolicyDocument.Item]) -> String {
        let values = items.map { value($0.value) }
        let longestKey = items.map(\.start.text.utf8.count).max() ?? 0
        let longestValue = values.map(\.utf8.count).max() ?? 0
        var lines: [String] = []
        for (item, value) in zip(items, values) {
            var line = item.leadComment.map { $0.text + "\n" }.joined()
            for (index, key) in item.keys.enumerated() {
                line += key.text + String(repeating: " ", count: longestKey - key.text.utf8.count + 1)
                if item.keys.count == 1 && index == 0 { line += "= " }
            }
            line += value
            if item.value.start.line == item.start.line && !item.lineComment.isEmpty {
                line += String(repeating: " ", count: longestValue - value.utf8.count + 1)
                line += item.lineComment.map(\.text).joined()
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// `text` with two spaces before each non-empty line.
    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }
}
