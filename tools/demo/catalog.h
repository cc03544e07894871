/**
 * @file catalog.h
 * @brief The demo night's cast: featured goods with HS codes and prices, the
 * zone's platforms, sellers, payment companies and carriers, names and places.
 * All enterprise codes are fictitious 10-character customs registration codes.
 */
#ifndef CBEC_DEMO_CATALOG_H
#define CBEC_DEMO_CATALOG_H

#include <stdint.h>

/** One featured product. */
typedef struct cbec_demo_product {
    const char *name;        /**< Chinese goods name (itemName / gname) */
    const char *sku;         /**< item number */
    const char *hs;          /**< 10-digit HS code (gcode) */
    const char *unit;        /**< customs unit code of the trade quantity */
    const char *unit1;       /**< legal first unit */
    int qty1_kg;             /**< 1: legal quantity is the net weight in kg, 0: equals qty */
    int64_t price;           /**< typical unit price, fen (CNY minor units) */
    int weight_g;            /**< net grams per unit */
    int import_weight;       /**< relative frequency among imports (0 = never imported) */
    int export_weight;       /**< relative frequency among exports (0 = never exported) */
    const char *origin[3];   /**< customs country codes of origin for imports */
    int import_seller;       /**< index into cbec_demo_sellers for imports */
    int export_seller;       /**< index into cbec_demo_sellers for exports */
    const char *models[4];   /**< model / spec strings (gmodel) */
    const char *goods_info;  /**< waybill goods description */
    const char *name_en;     /**< English title (platform exports, postal manifest) */
    const char *name_ru;     /**< Russian title (the Ozon postings export) */
} cbec_demo_product;

/** An enterprise of the cast. */
typedef struct cbec_demo_ent {
    const char *code;        /**< 10-character customs registration code */
    const char *name;        /**< Chinese name */
    const char *tag;         /**< short tag used in document numbers */
    const char *customs;     /**< carriers: customs/port code (0701 Hohhot, 0702 Erenhot, 0703 Baotou) */
    const char *traf;        /**< carriers: transport mode code */
    const char *region;      /**< where it is registered (the enterprise register's 所在地区) */
} cbec_demo_ent;

/** A place consignees live. */
typedef struct cbec_demo_place {
    const char *district;    /**< 6-digit administrative division code */
    const char *prefix;      /**< address up to the district */
} cbec_demo_place;

/** A partner country: customs code, a buyer company for B2B, its port-of-destination code. */
typedef struct cbec_demo_partner {
    const char *country;
    const char *buyer;
    const char *pod;
    int weight;
    const char *iso2;        /**< ISO 3166 alpha-2 (platform exports) */
    const char *name_en;     /**< English name (eBay) */
    const char *name_zh;     /**< Chinese name (postal manifest) */
    const char *given[4];    /**< consignee given names, Latin script: even female, odd male */
    const char *family[4];   /**< consignee family names, of the same gender as the given name of that parity */
    const char *city[2];     /**< "postcode City" */
    const char *street[2];   /**< street names */
} cbec_demo_partner;

/** A platform's settlement account: where the payment companies settle its day (one per platform,
 *  in the order of cbec_demo_platforms). */
typedef struct cbec_demo_account {
    const char *number;    /**< account number (camt.053 Acct/Id/Othr/Id) */
    const char *bic;       /**< the servicing bank's BIC */
    const char *ref;       /**< prefix of the bank's entry references (AcctSvcrRef) */
    int owner_named;       /**< the bank's statement names the holder (Acct/Ownr/Nm); otherwise only
                                the `[accounts]` line of cbecflow.conf says whose account it is */
} cbec_demo_account;

extern const cbec_demo_product cbec_demo_products[];
extern const int cbec_demo_n_products;
extern const cbec_demo_ent cbec_demo_platforms[];
extern const int cbec_demo_n_platforms;
extern const cbec_demo_account cbec_demo_platform_accounts[];
extern const cbec_demo_ent cbec_demo_sellers[];
extern const int cbec_demo_n_sellers;
extern const cbec_demo_ent cbec_demo_paycos[];
extern const int cbec_demo_n_paycos;
extern const cbec_demo_ent cbec_demo_carriers[];
extern const int cbec_demo_n_carriers;
extern const cbec_demo_place cbec_demo_places[];
extern const int cbec_demo_n_places;
extern const cbec_demo_partner cbec_demo_partners[];
extern const int cbec_demo_n_partners;
extern const char *const cbec_demo_surnames[];
extern const int cbec_demo_n_surnames;
extern const char *const cbec_demo_given[];
extern const int cbec_demo_n_given;
extern const char *const cbec_demo_mongolian[];
extern const int cbec_demo_n_mongolian;
extern const char *const cbec_demo_streets[];
extern const int cbec_demo_n_streets;

/** Carrier indexes with a fixed role. */
enum { CBEC_DEMO_CARRIER_POST = 0, CBEC_DEMO_CARRIER_ERENHOT = 1, CBEC_DEMO_CARRIER_BAOTOU = 2,
       CBEC_DEMO_CARRIER_BONDED = 3 };

#endif
