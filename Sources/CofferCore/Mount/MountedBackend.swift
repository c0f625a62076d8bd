import Synchronization

extension MountTable {
    /// A mounted backend, ready to serve. Immutable and shared: a request holds the mount it was
    /// routed to by one reference, and a change to a mount replaces it.
    ///
    /// It counts the requests it is serving, so a change that moves the mount's data (a KV
    /// upgrade) can close it to new requests and wait until those under way have finished.
    public final class Mounted: Sendable {
        public let entry: MountEntry
        public let backend: any Backend
        public let storage: any Storage
        /// The backend's paths, parsed when it was mounted.
        public let routes: PathTable
        /// Requests under way, plus `closed` once the mount takes no more.
        private let serving = Atomic<Int>(0)
        private static let closed = 1 << 40

        init(entry: MountEntry, backend: any Backend, storage: any Storage, routes: PathTable? = nil) {
            self.entry = entry
            self.backend = backend
            self.storage = storage
            self.routes = routes ?? PathTable(backend)
        }

        /// Counts a request in; false once the mount is closed (the request routes again).
        func enter() -> Bool {
            guard serving.add(1, ordering: .acquiringAndReleasing).newValue >= Self.closed else { return true }
            leave()
            return false
        }

        /// Counts a request out.
        func leave() {
            serving.subtract(1, ordering: .acquiringAndReleasing)
        }

        /// Takes no more requests, and returns once every request under way has finished.
        func closeAndDrain() async {
            serving.add(Self.closed, ordering: .acquiringAndReleasing)
            while serving.load(ordering: .acquiring) != Self.closed {
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
    }

    /// What serves a mount while its data moves: every request is refused with the reference's
    /// words, as a 429 that clients retry.
    struct PausedBackend: Backend {
        static let refusal = CoreError(
            .tooManyRequests,
            [
                "Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly."
            ])

        let summary = "A mount whose data is being moved."

        var paths: [PathSpec] {
            [
                PathSpec("{path*}", help: "Unavailable while the mount's data moves.")
                    .on(.read, .list, .create, .update, .patch, .delete) { _ in throw Self.refusal }
            ]
        }
    }
}
