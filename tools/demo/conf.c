/* The demo night's cbecflow.conf: what a run needs to join the platform exports and the
 * platform accounts to the declared trades. */
#include <glib.h>

#include "tools/demo/catalog.h"
#include "tools/demo/gen.h"

char *demo_conf_text(const gen *g)
{
    char number[64];
    /* the one platform account whose bank prints no holder: the config says whose it is */
    const cbec_demo_account *acct = NULL;
    const cbec_demo_ent *holder = NULL;
    for (int p = 0; p < NP; p++)
        if (!cbec_demo_platform_accounts[p].owner_named) {
            acct = &cbec_demo_platform_accounts[p];
            holder = &cbec_demo_platforms[p];
        }
    const cbec_demo_ent *shop = &cbec_demo_platforms[SHOPIFY_PLATFORM], *ebay = &cbec_demo_platforms[EBAY_PLATFORM];
    const cbec_demo_ent *ozon = &cbec_demo_platforms[OZON_PLATFORM];
    const cbec_demo_ent *post = &cbec_demo_carriers[CBEC_DEMO_CARRIER_POST];
    const cbec_demo_ent *road = &cbec_demo_carriers[CBEC_DEMO_CARRIER_ERENHOT];
    return g_strdup_printf("# Written by `cbecflow demo`: runs the demo night.\n"
                           "#   cbecflow run --config THIS_FILE --date YYYY-MM-DD\n"
                           "# Relative paths are resolved against this file's folder.\n"
                           "[core]\n"
                           "db = cbecflow.db\n"
                           "drop_dir = drop\n"
                           "out_dir = out\n"
                           "key_file = site.key\n\n"
                           "[report]\n"
                           "lang = zh\n\n"
                           "# The platform exports in stores/ come from platforms that also declare their orders\n"
                           "# to customs: their orders are keyed by the platform code of the CEB messages, so\n"
                           "# they are the same trades (without these lines they would be new SHOPIFY/EBAY/OZON\n"
                           "# trades).  carrier_codes name the customs code of the carrier behind each shipping\n"
                           "# service, so a tracking number keys the carrier's declared CEB waybill (without them\n"
                           "# the service's name would key a second shipment).\n"
                           "[plugin.shopify_orders]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n\n"
                           "[plugin.ebay_orders]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n"
                           "# the shop sells in CNY: its amounts carry no currency sign\n"
                           "currency = CNY\n"
                           "carrier_codes = %s = %s; %s = %s\n\n"
                           "[plugin.ozon_postings]\n"
                           "platform_code = %s\n"
                           "platform_name = %s\n"
                           "# the store is priced in CNY (every row names its currency)\n"
                           "currency = CNY\n"
                           "carrier_codes = %s = %s; %s = %s\n\n"
                           "# Whose settlement account is it: account number = enterprise code.  The other\n"
                           "# platforms' banks name the holder in the statement (Acct/Ownr/Nm); this one does not.\n"
                           "[accounts]\n"
                           "%s = %s\n",
                           shop->code, shop->name, ebay->code, ebay->name, demo_ebay_service[0], post->code,
                           demo_ebay_service[1], road->code, ozon->code, ozon->name, demo_ozon_service[0], post->code,
                           demo_ozon_service[1], road->code, demo_account(g, number, sizeof number, acct->number),
                           holder->code);
}
