-- The data contract between ingest and queries. Years are C.E. integers; fractions are 0–1.

create table meta (
    key varchar primary key,
    value varchar not null
);

create table imports (
    import_id integer primary key,
    kind varchar not null check (kind in ('init', 'ita', 'cpi', 'indicator')),
    file_name varchar not null,
    sha256 varchar,
    rows integer not null,
    imported_at timestamp with time zone not null,
    synthetic boolean not null,
    note varchar,                   -- where the data comes from, as given at import
    dataset varchar                 -- the ITA dataset an ITA load went into
);

-- Named sets of agency-level ITA results: the synthetic demo ('demo') and each real source imported. Results of
-- different datasets are never mixed: every page and query reads one. A dataset's year is a census when it holds
-- at least 90% of the agencies NACC published for that year (or the import said --census), else partial.
create table datasets (
    dataset varchar primary key,
    synthetic boolean not null,
    created_import_id integer not null,
    updated_import_id integer not null  -- the newest load into it: the default dataset is the newest real one
);

create table dataset_years (
    dataset varchar not null,
    fiscal_year integer not null,
    census boolean not null,        -- declared a census at import (--census), whatever its coverage
    import_id integer not null,
    primary key (dataset, fiscal_year)
);

create table provinces (
    province_code varchar primary key,
    name_th varchar not null,
    name_en varchar not null,
    region varchar not null
        check (region in ('north', 'northeast', 'central', 'east', 'west', 'south'))
);

create table agency_types (
    type_code varchar primary key,
    name_th varchar not null,
    name_en varchar not null,
    type_group varchar not null check (type_group in ('central', 'provincial', 'local', 'not_stated')),
    sort_order integer not null,
    short_th varchar not null,      -- display names for charts and narrow places
    short_en varchar not null
);

-- An agency is one agency whatever file or year names it: by its code, or without one by the key of its
-- normalised name and province (name_key, ingest/names.py); a code given later for a named agency joins them.
create table agencies (
    agency_code varchar primary key,  -- NACC's code, or 'N-' and a hash of name_key for an agency known by name
    name_th varchar not null,
    name_en varchar,
    type_code varchar not null,     -- 'not_stated' where neither a type nor the name says it
    province_code varchar,          -- null for central agencies, and for a local body whose province is not stated
    district varchar,               -- อำเภอ, as published
    ministry varchar,
    iso37001 boolean,
    synthetic boolean not null,
    name_key varchar,               -- the identity of an agency known by name (null for demo agencies)
    contact_name varchar,           -- who to follow up with, where an import gives it
    contact_phone varchar,
    contact_email varchar
);

create table ita_results (
    dataset varchar not null,
    fiscal_year integer not null check (fiscal_year between 2018 and 2057),
    agency_code varchar not null,
    score double not null check (score between 0 and 100),
    iit double check (iit between 0 and 100),
    eit double check (eit between 0 and 100),     -- from FY2023 the mean of its two parts
    eit1 double check (eit1 between 0 and 100),   -- EIT part 1 (from FY2023)
    eit2 double check (eit2 between 0 and 100),   -- EIT part 2 (from FY2023)
    oit double check (oit between 0 and 100),
    i1 double check (i1 between 0 and 100),
    i2 double check (i2 between 0 and 100),
    i3 double check (i3 between 0 and 100),
    i4 double check (i4 between 0 and 100),
    i5 double check (i5 between 0 and 100),
    i6 double check (i6 between 0 and 100),
    i7 double check (i7 between 0 and 100),
    i8 double check (i8 between 0 and 100),
    i9 double check (i9 between 0 and 100),
    i10 double check (i10 between 0 and 100),
    -- The band of the year's rating scheme (rating_bands); null when the tools its rule needs are missing.
    rating varchar check (rating in ('AA', 'A', 'B', 'C', 'D', 'E', 'F',
                                     'excellent', 'good', 'pass', 'improve', 'urgent')),
    passed boolean not null,
    published_rating varchar,       -- the band as the file printed it (ระดับ / ผลการประเมิน), kept as given
    source_url varchar,             -- where the row was published (ที่มา)
    synthetic boolean not null,
    import_id integer not null,
    primary key (dataset, fiscal_year, agency_code)
);

create table ita_published (
    fiscal_year integer primary key,
    coverage varchar not null check (coverage in ('all', 'local')),  -- FY2018: local bodies only
    agencies integer,
    respondents integer,
    mean_score double,
    passed integer,
    pass_rate double,
    source_url varchar not null,
    note varchar
);

create table cpi_scores (
    year integer not null check (year >= 2012),
    iso3 varchar not null,
    country varchar not null,
    region varchar,
    score double check (score between 0 and 100),
    rank integer,
    standard_error double,
    sources integer,
    lower_ci double,
    upper_ci double,
    import_id integer not null,
    primary key (year, iso3)
);

create table cpi_source_scores (
    year integer not null,
    iso3 varchar not null,
    source varchar not null,
    score double not null check (score between 0 and 100),
    primary key (year, iso3, source)
);

create table cpi_years (
    year integer primary key,
    countries integer,
    global_mean double,
    asia_pacific_mean double
);

-- Every target with the years it is in force (last_year: the year it is to be met by). Where sources
-- disagree each is kept: status says which the Cabinet adopted.
create table targets (
    metric varchar not null,
    first_year integer not null,
    last_year integer not null,
    value double not null,
    comparison varchar not null check (comparison in ('at_least', 'at_most')),
    status varchar not null check (status in ('adopted', 'superseded', 'one_source')),
    note varchar,
    note_th varchar,
    source varchar not null,
    source_th varchar,
    source_url varchar,
    check (first_year <= last_year)
);

-- The ITA as NACC runs it, year by year: each framework's years, tools and weights, rating scheme.
create table ita_frameworks (
    framework varchar primary key,
    first_year integer not null,
    last_year integer,              -- null: still in force
    rating_scheme varchar not null,
    pass_mark double not null,
    note varchar,
    source_url varchar
);

create table ita_framework_tools (
    framework varchar not null,
    tool varchar not null,
    weight double not null check (weight > 0 and weight <= 1),
    primary key (framework, tool)
);

-- The ten indicators, their tool, weight in the total, and their names in the years they were used.
create table ita_indicators (
    indicator varchar not null,
    tool varchar not null,
    weight double not null,
    first_year integer not null,
    last_year integer,
    name_th varchar not null,
    name_en varchar not null,
    primary key (indicator, first_year)
);

create table rating_bands (
    scheme varchar not null,
    band varchar not null,
    band_rank integer not null,
    min_total double not null,
    min_every_tool double,          -- the band also needs every tool of the year at or above this
    passed boolean not null,
    name_th varchar not null,
    name_en varchar not null,
    primary key (scheme, band)
);

-- Every other figure NACC published (by type, band, indicator, province, area; national alternatives),
-- long: one value per row with its source. preferred = false where another summary says otherwise.
create table published_figures (
    fiscal_year integer not null,
    scope varchar not null,
    code varchar,
    measure varchar not null,
    value double not null,
    source_url varchar not null,
    note varchar,
    preferred boolean not null
);

-- The provinces of the areas NACC's statements name (its regional offices, a regional report's group).
create table published_areas (
    area varchar not null,
    province_code varchar not null,
    name_th varchar not null,
    name_en varchar not null,
    primary key (area, province_code)
);

-- Researchers' own series (import-indicator): national-year or province-year values, replaced per
-- indicator name on re-import; lineage (file, sha256, time, source note) is in imports.
create table external_indicators (
    indicator varchar not null,
    level varchar not null check (level in ('national', 'province')),
    year integer not null,          -- C.E.; paired with the ITA fiscal year of the same number
    province_code varchar,
    value double not null,
    import_id integer not null,
    check ((level = 'national') = (province_code is null))
);
