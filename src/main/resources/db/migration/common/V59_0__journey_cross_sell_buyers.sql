-- Cross-sell reads the latest purchase days of the bought products (by other buyers) and only those: with the buyer
-- in the index the newest days come straight from it, however many people bought the product. It covers what the
-- index by item alone served, so that one goes.
CREATE INDEX journey_purchase_day_buyers ON journey_purchase_day (tenant_id, kind, item, bought_on, person_id);
DROP INDEX journey_purchase_day_item;
