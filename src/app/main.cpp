#include "app/cli.hpp"

int main(int argc, char** argv) {
    return xzq::app::run_cli(argc, argv);
}
