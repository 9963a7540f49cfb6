-- Summaries from which the customer figures of any period are read without going through every person-day in it.
--
-- analytics_buyer_span: for each scope (a store, or every store: scope_id all zeros) the corners of a
-- two-dimensional difference table. The buyers of a period F … L are the sum of buyers over the rows with
-- from_day <= F and F <= to_day <= L; likewise new_ones and repeaters. Each person's purchase day d (with the
-- person's previous purchase day p in the scope, the next n, and their first purchase ever t) adds
--   buyers:    +1 at (p + 1, d), −1 at (d + 1, d)                      (counted on their first day in the period)
--   repeaters: +1 at (p + 1, s), −1 at (d + 1, s), s = d with two or more purchases that day, else n
--   new_ones:  on their first day in the scope, +1 at (1900-01-01, d), −1 at (t + 1, d)
-- with p + 1 read as 1900-01-01 when there is no p. Rows are kept per (to_day, from_day), summed over people, so
-- a period reads a few hundred rows per day of it, whatever the number of customers: exact counts of distinct
-- people from aggregates.
CREATE TABLE analytics_buyer_span (
    tenant_id UUID NOT NULL,
    scope_id  UUID NOT NULL,
    to_day    DATE NOT NULL,
    from_day  DATE NOT NULL,
    buyers    BIGINT NOT NULL,
    new_ones  BIGINT NOT NULL,
    repeaters BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, scope_id, to_day, from_day)
);

-- Known customers' purchases and what they paid less refunds, per store, store-local day and currency: the sum of
-- analytics_person_day over people.
CREATE TABLE analytics_customer_day (
    tenant_id UUID NOT NULL,
    store_id  UUID NOT NULL,
    local_day DATE NOT NULL,
    currency  VARCHAR(3) NOT NULL,
    purchases BIGINT NOT NULL,
    net       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, local_day, store_id, currency)
);

-- From what the per-person rollup holds already; kept up to date from here on as it is rebuilt.
INSERT INTO analytics_customer_day (tenant_id, store_id, local_day, currency, purchases, net)
SELECT tenant_id, store_id, local_day, currency, SUM(purchases), SUM(net)
FROM analytics_person_day
GROUP BY tenant_id, store_id, local_day, currency;

INSERT INTO analytics_buyer_span (tenant_id, scope_id, to_day, from_day, buyers, new_ones, repeaters)
SELECT tenant_id, scope_id, to_day, from_day, SUM(buyers), SUM(new_ones), SUM(repeaters)
FROM (SELECT w.tenant_id, w.scope_id,
             CASE WHEN c.kind IN (3, 4) THEN (CASE WHEN w.k >= 2 THEN w.d ELSE w.n END) ELSE w.d END AS to_day,
             CASE c.kind WHEN 1 THEN COALESCE(w.p + 1, DATE '1900-01-01') WHEN 2 THEN w.d + 1
                         WHEN 3 THEN COALESCE(w.p + 1, DATE '1900-01-01') WHEN 4 THEN w.d + 1
                         WHEN 5 THEN DATE '1900-01-01' ELSE w.t + 1 END AS from_day,
             CASE c.kind WHEN 1 THEN 1 WHEN 2 THEN -1 ELSE 0 END AS buyers,
             CASE c.kind WHEN 5 THEN 1 WHEN 6 THEN -1 ELSE 0 END AS new_ones,
             CASE c.kind WHEN 3 THEN 1 WHEN 4 THEN -1 ELSE 0 END AS repeaters
      FROM (SELECT g.tenant_id, g.scope_id, g.d, g.k,
                   LAG(g.d) OVER (PARTITION BY g.tenant_id, g.scope_id, g.person_id ORDER BY g.d) AS p,
                   LEAD(g.d) OVER (PARTITION BY g.tenant_id, g.scope_id, g.person_id ORDER BY g.d) AS n,
                   MIN(g.d) OVER (PARTITION BY g.tenant_id, g.person_id) AS t
            FROM (SELECT tenant_id, CAST('00000000-0000-0000-0000-000000000000' AS UUID) AS scope_id, person_id,
                         local_day AS d, SUM(purchases) AS k
                  FROM analytics_person_day GROUP BY tenant_id, person_id, local_day
                  UNION ALL
                  SELECT tenant_id, store_id, person_id, local_day, SUM(purchases)
                  FROM analytics_person_day GROUP BY tenant_id, store_id, person_id, local_day) g) w
      CROSS JOIN (VALUES (1), (2), (3), (4), (5), (6)) AS c(kind)
      WHERE c.kind IN (1, 2) OR (c.kind IN (3, 4) AND (w.k >= 2 OR w.n IS NOT NULL))
         OR (c.kind IN (5, 6) AND w.p IS NULL)) corners
GROUP BY tenant_id, scope_id, to_day, from_day
HAVING SUM(buyers) <> 0 OR SUM(new_ones) <> 0 OR SUM(repeaters) <> 0;
