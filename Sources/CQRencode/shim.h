#ifndef CASHIER_CQRENCODE_SHIM_H
#define CASHIER_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
