-- A wording version can be meant for one country's stores (its law and language); null: any country.
ALTER TABLE consent_wording ADD COLUMN country VARCHAR(2);
