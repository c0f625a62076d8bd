import CofferCore
import Logging

extension SQLiteStorage {
    /// Runs `body` on `connection`'s queue, logging a failure before it is thrown.
    func run<Value: Sendable>(
        _ connection: SQLiteHandle, _ body: @escaping @Sendable (SQLiteHandle) throws(StorageError) -> Value
    ) async throws(StorageError) -> Value {
        do { return try await connection.perform(body) } catch {
            logger.error("sqlite statement failed", metadata: ["error": "\(error.message)"])
            throw error
        }
    }

    /// Closes `connection`, logging rather than throwing a failure.
    static func disconnect(_ connection: SQLiteHandle, _ logger: Logger) async {
        if let failure = await connection.close() {
            logger.error("sqlite close failed", metadata: ["error": "\(failure.message)"])
        }
    }
}
