-- What people write to a tenant's SMS number or WhatsApp number. One row per message the provider delivered to us,
-- once however often the provider calls (provider, provider_id). Erasure keeps the row as a count: the sender and
-- the text go.
CREATE TABLE inbound_message (
    id            UUID PRIMARY KEY,
    tenant_id     UUID NOT NULL,
    channel       VARCHAR(12) NOT NULL,
    provider      VARCHAR(16) NOT NULL,
    provider_id   VARCHAR(128) NOT NULL,
    from_address  VARCHAR(32),
    to_address    VARCHAR(64) NOT NULL,
    profile_id    UUID,
    kind          VARCHAR(16) NOT NULL,
    body_text     VARCHAR(5000),
    media         INT NOT NULL,
    keyword       VARCHAR(8),
    inbox_item_id UUID,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT inbound_message_provider_id UNIQUE (provider, provider_id)
);
-- the WhatsApp 24-hour window and a conversation's messages: the newest from one address on one channel
CREATE INDEX inbound_message_from ON inbound_message (tenant_id, channel, from_address, received_at);
CREATE INDEX inbound_message_profile ON inbound_message (tenant_id, profile_id);

-- The service inbox: one conversation per address and channel, open until staff answer or close it; the next
-- message reopens it. The counts stay when the person is erased.
CREATE TABLE inbox_item (
    id              UUID PRIMARY KEY,
    tenant_id       UUID NOT NULL,
    channel         VARCHAR(12) NOT NULL,
    address         VARCHAR(32),
    profile_id      UUID,
    status          VARCHAR(12) NOT NULL,
    messages        INT NOT NULL,
    replies         INT NOT NULL,
    last_text       VARCHAR(200),
    last_inbound_at TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at     TIMESTAMP WITH TIME ZONE,
    closed_at       TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT inbox_item_address UNIQUE (tenant_id, channel, address)
);
CREATE INDEX inbox_item_list ON inbox_item (tenant_id, status, last_inbound_at);
CREATE INDEX inbox_item_recent ON inbox_item (tenant_id, last_inbound_at);
CREATE INDEX inbox_item_profile ON inbox_item (tenant_id, profile_id);

-- The one reply that confirms an opt-out keyword names the ledger line it confirms (its origin key), so the consent
-- gate can let exactly that message through after the withdrawal.
ALTER TABLE message ADD COLUMN acknowledges VARCHAR(200);

-- Inbound messages and provider callbacks find their tenant by the number they were sent to.
CREATE INDEX messaging_sender_sms ON messaging_sender (sms_from);
CREATE INDEX messaging_sender_whatsapp ON messaging_sender (whatsapp_number);
