#include <stdio.h>

int main(void) {
    puts("hello from a binary compiled in another stage");
    return 0;
}
