qemu-system-x86_64 -accel tcg -nodefaults -display none -machine pc \
    -drive if=ide,index=2,media=cdrom -qmp unix:/tmp/vm0.qmp,server=on,wait=off
