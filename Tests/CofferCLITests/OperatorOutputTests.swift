import CofferClient
import Testing

@testable import CofferCLI

@Suite struct OperatorOutputTests {
    var sealed: SealStatus {
        var status = SealStatus(initialized: true, sealed: true, threshold: 2, shares: 3, progress: 1)
        status.type = "shamir"
        status.nonce = "5ab00721"
        status.version = "2.7.2"
        status.migration = false
        status.recoverySeal = false
        status.storageType = "inmem"
        status.buildDate = ""
        return status
    }

    @Test func sealedStatusShowsProgressAndNonce() {
        let view = SealStatusView(seal: sealed, leader: LeaderStatus(haEnabled: false))
        #expect(
            view.rendered(.table) == """
                Key                Value
                ---                -----
                Seal Type          shamir
                Initialized        true
                Sealed             true
                Total Shares       3
                Threshold          2
                Unseal Progress    1/2
                Unseal Nonce       5ab00721
                Version            2.7.2
                Storage Type       inmem
                HA Enabled         false

                """)
    }

    @Test func unsealedStatusShowsClusterAndNoProgress() {
        var status = sealed
        status.sealed = false
        status.clusterName = "coffer-cluster"
        status.clusterID = "c1"
        let names = SealStatusView(seal: status, leader: LeaderStatus(haEnabled: false)).rows.map(\.0)
        #expect(!names.contains("Unseal Progress"))
        #expect(names.suffix(3) == ["Cluster Name", "Cluster ID", "HA Enabled"])
    }

    @Test func statusJSONMergesSealAndLeaderInVaultsOrder() {
        let view = SealStatusView(seal: sealed, leader: LeaderStatus(haEnabled: false))
        #expect(
            view.rendered(.json) == """
                {
                  "type": "shamir",
                  "initialized": true,
                  "sealed": true,
                  "t": 2,
                  "n": 3,
                  "progress": 1,
                  "nonce": "5ab00721",
                  "version": "2.7.2",
                  "migration": false,
                  "recovery_seal": false,
                  "storage_type": "inmem",
                  "build_date": "",
                  "ha_enabled": false
                }

                """)
    }

    @Test func activeHANodeShowsModeAndSince() {
        var leader = LeaderStatus(haEnabled: true)
        leader.isSelf = true
        leader.activeTime = "2026-11-22T02:00:00Z"
        leader.leaderClusterAddress = "https://10.0.0.1:8201"
        let rows = SealStatusView(seal: sealed, leader: leader).rows.suffix(4)
        #expect(rows.map(\.0) == ["HA Enabled", "HA Cluster", "HA Mode", "Active Since"])
        #expect(rows.map(\.1) == ["true", "https://10.0.0.1:8201", "active", "2026-11-22T02:00:00Z"])
    }

    let result = InitResult(keys: ["aa", "bb"], keysBase64: ["qg==", "uw=="], rootToken: "hvs.root")

    @Test func initTablePrintsBase64KeysThenTheRootToken() {
        let text = OperatorInit.render(result, shares: 2, threshold: 2, format: .table)
        #expect(text.hasPrefix("Unseal Key 1: qg==\nUnseal Key 2: uw==\n\nInitial Root Token: hvs.root\n\n"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
    }

    @Test func initJSONUsesVaultsFieldNames() {
        let json = OperatorInit.render(result, shares: 2, threshold: 2, format: .json)
        #expect(
            json == """
                {
                  "unseal_keys_b64": [
                    "qg==",
                    "uw=="
                  ],
                  "unseal_keys_hex": [
                    "aa",
                    "bb"
                  ],
                  "unseal_shares": 2,
                  "unseal_threshold": 2,
                  "recovery_keys_b64": null,
                  "recovery_keys_hex": null,
                  "recovery_keys_shares": 0,
                  "recovery_keys_threshold": 0,
                  "root_token": "hvs.root"
                }

                """)
    }

    @Test func secretsListTableIsSortedByPath() {
        var kv = MountInfo(type: "kv")
        kv.accessor = "kv_1"
        kv.description = "key/value secret storage"
        var sys = MountInfo(type: "system")
        sys.accessor = "system_2"
        let text = SecretsList.render(["sys/": sys, "secret/": kv], detailed: false, format: .table)
        #expect(
            text == """
                Path       Type      Accessor    Description
                ----       ----      --------    -----------
                secret/    kv        kv_1        key/value secret storage
                sys/       system    system_2    n/a

                """)
    }

    @Test func secretsListDetailedShowsTTLsAndOptions() {
        var kv = MountInfo(type: "kv")
        kv.config = ["default_lease_ttl": 0, "max_lease_ttl": 3600, "force_no_cache": false]
        kv.options = ["version": "2"]
        let text = SecretsList.render(["secret/": kv], detailed: true, format: .table)
        let row = text.split(separator: "\n")[2].split(separator: " ", omittingEmptySubsequences: true)
        #expect(Array(row.prefix(8)) == ["secret/", "kv", "n/a", "system", "1h", "false", "replicated", "false"])
        #expect(row.contains("map[version:2]"))
    }
}
