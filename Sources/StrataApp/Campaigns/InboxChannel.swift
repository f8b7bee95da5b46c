import Foundation
import StrataChannels
import StrataCore
import StrataStore

/// The in-app inbox as a channel: a message is stored in Strata (once per idempotency key) for
/// the app to read with its write key at `GET /v1/inbox`.
struct InboxChannel: MessageChannel {
    let database: any WorkspaceStore

    var kind: ChannelKind { .inbox }

    func send(_ delivery: Delivery) async throws -> DeliveryReceipt {
        let stored = try database.deliverToInbox(
            uid: delivery.uid, key: delivery.key, campaign: delivery.campaign, variant: delivery.variant,
            title: delivery.message.title ?? "", body: delivery.message.body ?? "", url: delivery.message.url,
            at: database.clock.now())
        return DeliveryReceipt(response: stored ? "stored in the inbox" : "already in the inbox")
    }
}
