import CofferClient

/// The seal and HA status that `status` and `operator unseal` print.
struct SealStatusView {
    let seal: SealStatus
    let leader: LeaderStatus

    /// Everything to print in `format`.
    func rendered(_ format: OutputFormat) -> String {
        format == .table ? Table.keyValue(rows) : json.rendered(format)
    }

    /// The status as one JSON object, in vault's member order; optional fields only when set.
    var json: OutputValue {
        var members: [OutputValue.Member] = []
        func add(_ name: String, _ value: JSONValue?) {
            if let value { members.append(.plain(name, value)) }
        }
        func string(_ text: String?) -> JSONValue? { text.map { .string($0) } }
        func nonEmpty(_ text: String?) -> JSONValue? { text?.isEmpty == false ? string(text) : nil }
        add("type", .string(seal.type ?? ""))
        add("initialized", .bool(seal.initialized))
        add("sealed", .bool(seal.sealed))
        add("t", .int(Int64(seal.threshold)))
        add("n", .int(Int64(seal.shares)))
        add("progress", .int(Int64(seal.progress)))
        add("nonce", .string(seal.nonce ?? ""))
        add("version", .string(seal.version ?? ""))
        add("commit_date", string(seal.commitDate))
        add("migration", .bool(seal.migration ?? false))
        add("cluster_name", nonEmpty(seal.clusterName))
        add("cluster_id", nonEmpty(seal.clusterID))
        add("recovery_seal", .bool(seal.recoverySeal ?? false))
        add("storage_type", nonEmpty(seal.storageType))
        add("build_date", .string(seal.buildDate ?? ""))
        add("ha_enabled", .bool(leader.haEnabled))
        if leader.haEnabled {
            add("is_self", leader.isSelf.map { .bool($0) })
            add("active_time", nonEmpty(leader.activeTime))
            add("leader_address", nonEmpty(leader.leaderAddress))
            add("leader_cluster_address", nonEmpty(leader.leaderClusterAddress))
        }
        return .ordered(members)
    }

    /// The `Key`/`Value` rows of the table.
    var rows: [(String, String)] {
        let recovery = seal.recoverySeal == true
        var rows: [(String, String)] = [
            (recovery ? "Recovery Seal Type" : "Seal Type", seal.type ?? ""),
            ("Initialized", String(seal.initialized)),
            ("Sealed", String(seal.sealed)),
            (recovery ? "Total Recovery Shares" : "Total Shares", String(seal.shares)),
            ("Threshold", String(seal.threshold)),
        ]
        if seal.sealed {
            rows.append(("Unseal Progress", "\(seal.progress)/\(seal.threshold)"))
            rows.append(("Unseal Nonce", seal.nonce ?? ""))
        }
        if seal.migration == true { rows.append(("Seal Migration in Progress", "true")) }
        rows.append(("Version", seal.version ?? ""))
        if let commit = seal.commitDate, !commit.isEmpty { rows.append(("Commit Date", commit)) }
        if let build = seal.buildDate, !build.isEmpty { rows.append(("Build Date", build)) }
        if let storage = seal.storageType, !storage.isEmpty { rows.append(("Storage Type", storage)) }
        if let name = seal.clusterName, !name.isEmpty { rows.append(("Cluster Name", name)) }
        if let id = seal.clusterID, !id.isEmpty { rows.append(("Cluster ID", id)) }
        rows.append(("HA Enabled", String(leader.haEnabled)))
        if leader.haEnabled {
            let active = leader.isSelf == true
            rows.append(("HA Cluster", leader.leaderClusterAddress ?? ""))
            rows.append(("HA Mode", active ? "active" : "standby"))
            if active, let since = leader.activeTime, !since.isEmpty {
                rows.append(("Active Since", since))
            } else if !active {
                rows.append(("Active Node Address", leader.leaderAddress ?? ""))
            }
        }
        return rows
    }
}
