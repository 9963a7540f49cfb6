-- A sign-up form may ask for the loyalty club's own messages apart from the shop's marketing: the wording of that
-- tick (null: not asked). It is part of the form's wording version like the marketing ticks.
ALTER TABLE signup_form ADD COLUMN club VARCHAR(1000);

-- The Wi-Fi portal's wording may ask the same, on the channel of the contact the guest gives.
ALTER TABLE wifi_wording ADD COLUMN club VARCHAR(1000);
